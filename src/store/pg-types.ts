/**
 * How tallyman reads PostgreSQL's values: BIGINT (oid 20) arrives as text so as not to lose
 * digits; every BIGINT here (epoch ms, MMSI, IMO, counts) is far below 2^53, so it is read as a
 * number. One definition for the store's pool and the reading thread's connection.
 */
import type pg from 'pg';

const INT8_OID = 20;

export const pgTypesOf = (driver: typeof pg) => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : driver.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
});
