/**
 * Inland AIS ship data (type 8, DAC 200, FID 10) becomes a static record with the vessel's overall
 * length, beam, draught and ITU ship type: real messages from gpsd's sample and the Danish feed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageToRecords } from '../../src/ais/records.js';
import { decodeMessages } from './conformance-lib.js';

function inland(file: string) {
  return decodeMessages(file).filter(
    ({ msg }) => msg.type === 8 && msg.dac === 200 && msg.fid === 10 && msg.app !== null,
  );
}

test('inland ship data (8/200/10) gives length, beam, draught and ship type', () => {
  // gpsd-sample.aivdm: gpsd prints length 390, beam 50, shiptype 8010, draught 204 (unscaled).
  const [s] = inland('gpsd-sample.aivdm');
  assert.ok(s, 'the sample has one decodable inland static message');
  const rec = messageToRecords(s.msg, { ...s.meta, receivedAtMs: 1_700_000_000_000 }).static;
  assert.ok(rec !== null);
  assert.equal(rec.mmsi, 244650946);
  assert.equal(rec.lengthM, 39);
  assert.equal(rec.beamM, 5);
  assert.equal(rec.draughtM, 2.04);
  assert.equal(rec.shipType, 79, 'ERI 8010 motor freighter = ITU 79');
  assert.equal(rec.msgType, 8);
  assert.equal(rec.name, null, 'not stated by this message');
});

test('an unknown draught stays null, and a hex-only type 8 gives no static record', () => {
  // dma-aislib-ais250.txt: gpsd prints length 240, beam 80, shiptype 8000, draught 0 (n/a).
  const [s] = inland('dma-aislib-ais250.txt');
  assert.ok(s);
  const rec = messageToRecords(s.msg, s.meta).static;
  assert.ok(rec !== null);
  assert.equal(rec.lengthM, 24);
  assert.equal(rec.beamM, 8);
  assert.equal(rec.draughtM, null);
  assert.equal(rec.shipType, 99, 'ERI 8000 vessel, type unknown = ITU 99');
  const hex = decodeMessages('gpsd-sample.aivdm').find(({ msg }) => msg.type === 8 && msg.app === null);
  assert.ok(hex);
  assert.equal(messageToRecords(hex.msg, hex.meta).static, null);
});
