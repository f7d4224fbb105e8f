/**
 * Checks FtM entities against the real FollowTheMoney model (`@alephdata/followthemoney`, the
 * library Aleph's own front end uses): each entity is loaded with `model.getEntity` (which throws
 * on an unknown schema or property), and every value is held to its property's type: length,
 * dates, the country / language / topic vocabularies, SHA-1 checksums, URLs, numbers, and entity
 * references that resolve to an entity whose schema is in the property's range. Returns one line
 * per problem; [] means the stream would load cleanly.
 */
import { defaultModel, Model } from '@alephdata/followthemoney';

export const ftmModel = new Model(defaultModel);

/** FtM's date: an ISO 8601 prefix, UTC, no zone (followthemoney `types/date.py`). */
const FTM_DATE = /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?)?$/;

export interface RawFtmEntity {
  id: string;
  schema: string;
  properties: Record<string, unknown>;
}

export function ftmProblems(entities: readonly RawFtmEntity[]): string[] {
  const problems: string[] = [];
  const schemaOf = new Map(entities.map((e) => [e.id, e.schema]));
  const seen = new Set<string>();
  for (const raw of entities) {
    const where = `${raw.schema} ${raw.id}`;
    if (seen.has(raw.id)) problems.push(`${where}: id used twice`);
    seen.add(raw.id);
    if (typeof raw.id !== 'string' || raw.id.length === 0 || raw.id.length > 200) {
      problems.push(`${where}: id must be a string of 1–200 characters`);
    }
    let entity: ReturnType<Model['getEntity']>;
    try {
      entity = ftmModel.getEntity(raw as Parameters<Model['getEntity']>[0]);
    } catch (err) {
      problems.push(`${where}: the FtM library refuses it: ${(err as Error).message}`);
      continue;
    }
    const schema = entity.schema;
    if (schema.abstract) problems.push(`${where}: ${schema.name} is abstract`);
    for (const req of schema.required) {
      if (!entity.hasProperty(req)) problems.push(`${where}: required property ${req} missing`);
    }
    for (const [name, values] of Object.entries(raw.properties)) {
      const prop = schema.getProperty(name);
      const type = prop.type;
      if (prop.stub) problems.push(`${where}.${name}: a stub (reverse) property, not written directly`);
      if (!Array.isArray(values) || values.length === 0) {
        problems.push(`${where}.${name}: not a non-empty list`);
        continue;
      }
      for (const v of values) {
        const at = `${where}.${name} = ${JSON.stringify(v)}`;
        if (typeof v !== 'string') {
          problems.push(`${at}: not a string`);
          continue;
        }
        if (v.length > prop.maxLength) problems.push(`${at}: longer than ${prop.maxLength} (${type.name})`);
        if (type.values.size > 0 && !type.values.has(v)) problems.push(`${at}: not a known ${type.name}`);
        switch (type.name) {
          case 'date':
            if (!FTM_DATE.test(v)) problems.push(`${at}: not an FtM date (ISO 8601 prefix, no zone)`);
            break;
          case 'checksum':
            if (!/^[0-9a-f]{40}$/.test(v)) problems.push(`${at}: not a SHA-1 checksum (40 hex digits)`);
            break;
          case 'url':
            if (!URL.canParse(v)) problems.push(`${at}: not a URL`);
            break;
          case 'number':
            if (!Number.isFinite(Number(v))) problems.push(`${at}: not a number`);
            break;
          case 'entity': {
            const target = schemaOf.get(v);
            if (target === undefined) {
              problems.push(`${at}: refers to no entity in the export`);
              break;
            }
            const range = prop.getRange();
            if (!ftmModel.getSchema(target).isA(range)) {
              problems.push(`${at}: refers to a ${target}, but ${name} takes a ${range.name}`);
            }
            break;
          }
        }
      }
    }
  }
  return problems;
}

/** Parses FtM JSON lines, naming the line of any that is not JSON. */
export function parseFtmLines(text: string): RawFtmEntity[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as RawFtmEntity;
      } catch (err) {
        throw new Error(`line ${i + 1} is not JSON: ${(err as Error).message}`);
      }
    });
}
