/**
 * The streamed writer's encoders: receptions → bytes in a fixed buffer, flushed to a file as it
 * fills. They write exactly what `nmeaLines` and `dmaLines` (output.ts, the reference) yield, line
 * for line, without building strings: a position report is packed straight into its 28 armoured
 * characters, checksums are XORed over the bytes as they are written, a vessel's static payload is
 * armoured once per identity/voyage/draught and reused. Values the fast packer cannot represent
 * (out of an AIS field's range) go through the reference encoder, which raises its RangeError.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { armour, classBStaticBits, staticVoyageBits } from './ais-encode.js';
import { tagBlock } from './nmea-write.js';
import { dmaRowOf, receptionSentences, staticMessage } from './output.js';
import { type Identity, latest, type VesselPlan } from './plan.js';
import type { Reception } from './simulate.js';

/** Bytes of the fixed output buffer of one file. */
export const SINK_BUFFER_BYTES = 1 << 20;

/**
 * A file written through one fixed buffer: `ensure(n)` makes room for n bytes (flushing with a
 * blocking write when full), so memory stays at the buffer's size whatever the file's.
 */
export class ByteSink {
  readonly buf: Buffer;
  pos = 0;
  /** Bytes flushed so far. */
  flushed = 0;
  private fd: number;

  constructor(path: string, size = SINK_BUFFER_BYTES) {
    this.buf = Buffer.allocUnsafe(size);
    this.fd = openSync(path, 'w');
  }

  get bytes(): number {
    return this.flushed + this.pos;
  }

  flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.flushed += this.pos;
    this.pos = 0;
  }

  ensure(n: number): void {
    if (this.pos + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) throw new RangeError(`a line of ${n} bytes exceeds the writer's buffer`);
    }
  }

  /** Writes a string as UTF-8 (one larger than the buffer goes straight to the file). */
  writeString(s: string): void {
    const n = Buffer.byteLength(s);
    if (n > this.buf.length) {
      this.flush();
      const b = Buffer.from(s, 'utf8');
      let off = 0;
      while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
      this.flushed += b.length;
      return;
    }
    this.ensure(n);
    this.pos += this.buf.write(s, this.pos);
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}

const HEX = Buffer.from('0123456789ABCDEF', 'latin1');
const MAX_PAYLOAD_CHARS = 60;

/** A vessel's static payloads, armoured, valid while identity, voyage and draught stay the same objects. */
interface StaticCache {
  id: Identity;
  voyage: VesselPlan['voyages'][number];
  draught: VesselPlan['draughts'][number];
  payloads: { chars: Buffer; fillBits: number }[];
}

/** Writes digits of a non-negative safe integer at `at`; returns the position after. */
function writeUint(buf: Uint8Array, at: number, n: number): number {
  if (n < 10) {
    buf[at] = 48 + n;
    return at + 1;
  }
  let len = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) len++;
  let p = at + len;
  let x = n;
  while (p > at) {
    const d = x % 10;
    buf[--p] = 48 + d;
    x = (x - d) / 10;
  }
  return at + len;
}

/**
 * Field widths of the position reports as packed here, in transmission order (ais-encode.ts
 * TYPE1 and TYPE18, read from ITU-R M.1371-5 Table 47 and Table 68); 168 bits each.
 */
const TYPE1_WIDTHS = Int8Array.from([6, 2, 30, 4, 8, 10, 1, 28, 27, 12, 9, 6, 2, 3, 1, 19]);
const TYPE18_WIDTHS = Int8Array.from([6, 2, 30, 8, 10, 1, 28, 27, 12, 9, 6, 2, 1, 1, 1, 1, 1, 1, 1, 20]);
/** Field values of the report being packed (unsigned, each within its width). */
const fieldValues = new Int32Array(20);

/**
 * Packs unsigned fields (widths ≤ 30 bits, values within them) MSB first into armoured six-bit
 * characters at `at` (Annex 8 §3.1: 0–39 → '0'–'W', 40–63 → '`'–'w'); returns the position after.
 * The total width must be a multiple of 6.
 */
function packArmoured(buf: Uint8Array, at: number, widths: Int8Array, values: Int32Array): number {
  let acc = 0;
  let nb = 0;
  let x = 0;
  for (let k = 0; k < widths.length; k++) {
    let w = widths[k];
    let v = values[k];
    if (w > 15) {
      // Two steps keep the accumulator (< 6 bits left over + 15) inside 32-bit integers.
      acc = (acc << (w - 15)) | (v >>> 15);
      nb += w - 15;
      while (nb >= 6) {
        nb -= 6;
        const c = (acc >>> nb) & 63;
        const a = c < 40 ? c + 48 : c + 56;
        buf[at++] = a;
        x ^= a;
      }
      acc &= (1 << nb) - 1;
      w = 15;
      v &= 0x7fff;
    }
    acc = (acc << w) | v;
    nb += w;
    while (nb >= 6) {
      nb -= 6;
      const c = (acc >>> nb) & 63;
      const a = c < 40 ? c + 48 : c + 56;
      buf[at++] = a;
      x ^= a;
    }
    acc &= (1 << nb) - 1;
  }
  packedXor = x;
  return at;
}

/** XOR of the characters `packArmoured` wrote last. */
let packedXor = 0;

/** `!AIVDM,1,1,,` and its XOR from the `A` on (the checksum covers what lies between `!` and `*`). */
const SINGLE_HEAD = Buffer.from('!AIVDM,1,1,,', 'latin1');
let SINGLE_HEAD_XOR = 0;
for (let i = 1; i < SINGLE_HEAD.length; i++) SINGLE_HEAD_XOR ^= SINGLE_HEAD[i];

/** NMEA lines of receptions, as `nmeaLines` writes them, into a sink. */
export class NmeaStreamEncoder {
  lines = 0;
  private seq = 0;
  private channel = 0;
  private readonly statics: (StaticCache | undefined)[];
  /** Per station: `s:<station>,c:` and the XOR of its characters. */
  private readonly stationPrefix = new Map<string, { bytes: Buffer; xor: number }>();
  private readonly tag = Buffer.alloc(512);
  private tagLen = 0;
  /** What the scratch tag holds (receptions come in time order, so it is often reused). */
  private tagStation = '';
  private tagEpochS = Number.NaN;

  constructor(
    private readonly plans: readonly VesselPlan[],
    private readonly sink: ByteSink,
  ) {
    this.statics = new Array(plans.length);
  }

  private prefix(station: string): { bytes: Buffer; xor: number } {
    let p = this.stationPrefix.get(station);
    if (p === undefined) {
      const text = `s:${station},c:`;
      let xor = 0;
      for (let i = 0; i < text.length; i++) xor ^= text.charCodeAt(i);
      p = { bytes: Buffer.from(text, 'utf8'), xor };
      this.stationPrefix.set(station, p);
    }
    return p;
  }

  /** Builds the tag block `\s:<station>,c:<epoch s>*hh\` in the scratch buffer. */
  private buildTag(station: string, epochS: number): boolean {
    if (station === this.tagStation && epochS === this.tagEpochS) return true;
    const p = this.prefix(station);
    if (!(epochS >= 0) || p.bytes.length > 400 || p.bytes.length !== station.length + 5) return false;
    const t = this.tag;
    t[0] = 92; // backslash
    p.bytes.copy(t, 1);
    let at = 1 + p.bytes.length;
    const d0 = at;
    at = writeUint(t, at, epochS);
    let x = p.xor;
    for (let i = d0; i < at; i++) x ^= t[i];
    t[at++] = 42; // *
    t[at++] = HEX[x >> 4];
    t[at++] = HEX[x & 15];
    t[at++] = 92;
    this.tagLen = at;
    this.tagStation = station;
    this.tagEpochS = epochS;
    return true;
  }

  private writeTag(): void {
    const { buf } = this.sink;
    const t = this.tag;
    const tl = this.tagLen;
    let at = this.sink.pos;
    for (let i = 0; i < tl; i++) buf[at++] = t[i];
    this.sink.pos = at;
  }

  /** Writes `!AIVDM,parts,i,seq,ch,chunk,fill*hh` and a newline (the tag is already written). */
  private writeSentence(
    parts: number,
    part: number,
    seq: number,
    ch: number,
    chars: Uint8Array,
    from: number,
    to: number,
    fill: number,
  ): void {
    const { buf } = this.sink;
    let at = this.sink.pos;
    buf[at++] = 33; // !
    const b0 = at;
    buf[at++] = 65; // AIVDM,
    buf[at++] = 73;
    buf[at++] = 86;
    buf[at++] = 68;
    buf[at++] = 77;
    buf[at++] = 44;
    at = writeUint(buf, at, parts);
    buf[at++] = 44;
    at = writeUint(buf, at, part);
    buf[at++] = 44;
    if (seq >= 0) at = writeUint(buf, at, seq);
    buf[at++] = 44;
    buf[at++] = ch;
    buf[at++] = 44;
    for (let i = from; i < to; i++) buf[at++] = chars[i];
    buf[at++] = 44;
    buf[at++] = 48 + fill;
    let x = 0;
    for (let i = b0; i < at; i++) x ^= buf[i];
    buf[at++] = 42;
    buf[at++] = HEX[x >> 4];
    buf[at++] = HEX[x & 15];
    buf[at++] = 10;
    this.sink.pos = at;
    this.lines++;
  }

  /** The reference path: strings from nmea-write.ts (and its range checks). */
  private writeReference(r: Reception, ch: 'A' | 'B'): void {
    const tag = tagBlock(r.station, Math.floor(r.tsMs / 1000));
    const { sentences, seq } = receptionSentences(this.plans[r.vessel], r, ch, this.seq);
    this.seq = seq;
    for (const s of sentences) {
      this.sink.writeString(`${tag}${s}\n`);
      this.lines++;
    }
  }

  private staticPayloads(plan: VesselPlan, vessel: number, tsMs: number): StaticCache['payloads'] {
    const id = latest(plan.identities, tsMs);
    const voyage = latest(plan.voyages, tsMs);
    const draught = latest(plan.draughts, tsMs);
    const c = this.statics[vessel];
    if (c !== undefined && c.id === id && c.voyage === voyage && c.draught === draught) return c.payloads;
    const m = staticMessage(plan, tsMs);
    const bits = plan.aisClass === 'A' ? [staticVoyageBits(m)] : classBStaticBits(m);
    const payloads = bits.map((b) => {
      const a = armour(b);
      return { chars: Buffer.from(a.payload, 'latin1'), fillBits: a.fillBits };
    });
    this.statics[vessel] = { id, voyage, draught, payloads };
    return payloads;
  }

  add(r: Reception): void {
    const ch = this.channel++ % 2 === 0 ? 'A' : 'B';
    const epochS = Math.floor(r.tsMs / 1000);
    if (!this.buildTag(r.station, epochS)) {
      this.writeReference(r, ch);
      return;
    }
    const chCode = ch === 'A' ? 65 : 66;
    const plan = this.plans[r.vessel];
    const sink = this.sink;
    if (r.kind === 'position') {
      const typeA = plan.aisClass === 'A';
      const mmsi = r.mmsi;
      const nav = r.navStatus;
      const sog = Math.min(1022, Math.round(r.speedKnots * 10));
      const lon = Math.round(r.lon * 600000);
      const lat = Math.round(r.lat * 600000);
      const cog = Math.round(r.courseDeg * 10) % 3600;
      const hdg = r.headingDeg === null ? 511 : Math.round(r.headingDeg) % 360;
      const sec = epochS % 60;
      // The ranges encodeBits checks (ais-encode.ts); anything else takes the reference path.
      if (
        !(
          mmsi >= 0 &&
          mmsi <= 0x3fffffff &&
          Number.isInteger(mmsi) &&
          (!typeA || (nav >= 0 && nav <= 15 && Number.isInteger(nav))) &&
          sog >= 0 &&
          sog <= 1023 &&
          lon >= -(2 ** 27) &&
          lon <= 2 ** 27 - 1 &&
          lat >= -(2 ** 26) &&
          lat <= 2 ** 26 - 1 &&
          cog >= 0 &&
          cog <= 4095 &&
          hdg >= 0 &&
          hdg <= 511 &&
          sec >= 0 &&
          sec <= 63
        )
      ) {
        this.writeReference(r, ch);
        return;
      }
      const tl = this.tagLen;
      sink.ensure(tl + 64);
      const buf = sink.buf;
      let at = sink.pos;
      const t = this.tag;
      for (let i = 0; i < tl; i++) buf[at++] = t[i];
      // "!AIVDM,1,1,,X," then the payload.
      const h = SINGLE_HEAD;
      for (let i = 0; i < h.length; i++) buf[at++] = h[i];
      buf[at++] = chCode;
      buf[at++] = 44;
      const lonU = lon < 0 ? lon + 2 ** 28 : lon;
      const latU = lat < 0 ? lat + 2 ** 27 : lat;
      const f = fieldValues;
      if (typeA) {
        f[0] = 1; // type
        f[1] = 0; // repeat
        f[2] = mmsi;
        f[3] = nav;
        f[4] = 128; // rate of turn −128: not available
        f[5] = sog;
        f[6] = 0; // accuracy
        f[7] = lonU;
        f[8] = latU;
        f[9] = cog;
        f[10] = hdg;
        f[11] = sec;
        f[12] = 0; // manoeuvre
        f[13] = 0; // spare
        f[14] = 0; // RAIM
        f[15] = 0; // radio
        at = packArmoured(buf, at, TYPE1_WIDTHS, f);
      } else {
        f[0] = 18;
        f[1] = 0;
        f[2] = mmsi;
        f[3] = 0; // reserved
        f[4] = sog;
        f[5] = 0; // accuracy
        f[6] = lonU;
        f[7] = latU;
        f[8] = cog;
        f[9] = hdg;
        f[10] = sec;
        f[11] = 0; // regional
        f[12] = 1; // CS unit
        f[13] = 0; // display
        f[14] = 0; // DSC
        f[15] = 1; // band
        f[16] = 1; // message 22
        f[17] = 0; // assigned
        f[18] = 0; // RAIM
        f[19] = 0; // radio
        at = packArmoured(buf, at, TYPE18_WIDTHS, f);
      }
      buf[at++] = 44;
      buf[at++] = 48; // fill bits: 168 = 28 × 6
      // XOR of "AIVDM,1,1,,", the channel, ",", the payload, ",0".
      const x = SINGLE_HEAD_XOR ^ chCode ^ 44 ^ packedXor ^ 44 ^ 48;
      buf[at++] = 42;
      buf[at++] = HEX[x >> 4];
      buf[at++] = HEX[x & 15];
      buf[at++] = 10;
      sink.pos = at;
      this.lines++;
      return;
    }
    for (const p of this.staticPayloads(plan, r.vessel, r.tsMs)) {
      const n = p.chars.length;
      const parts = Math.ceil(n / MAX_PAYLOAD_CHARS);
      for (let i = 0; i < parts; i++) {
        sink.ensure(this.tagLen + 40 + MAX_PAYLOAD_CHARS);
        this.writeTag();
        const from = i * MAX_PAYLOAD_CHARS;
        this.writeSentence(
          parts,
          i + 1,
          parts > 1 ? this.seq : -1,
          chCode,
          p.chars,
          from,
          Math.min(n, from + MAX_PAYLOAD_CHARS),
          i === parts - 1 ? p.fillBits : 0,
        );
      }
      if (parts > 1) this.seq = (this.seq + 1) % 10;
    }
  }
}

/** DMA CSV rows of received positions inside the scenario's window, as `dmaLines` writes them. */
export class DmaStreamEncoder {
  lines = 0;

  constructor(
    private readonly plans: readonly VesselPlan[],
    private readonly sink: ByteSink,
    private readonly t0: number,
    private readonly t1: number,
  ) {}

  header(text: string): void {
    this.sink.writeString(`${text}\n`);
    this.lines++;
  }

  add(r: Reception): void {
    if (r.kind === 'position' && r.tsMs >= this.t0 && r.tsMs < this.t1) {
      this.sink.writeString(`${dmaRowOf(this.plans, r)}\n`);
      this.lines++;
    }
  }
}
