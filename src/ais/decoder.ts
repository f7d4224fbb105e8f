/**
 * Streaming NMEA 0183 / AIS decoder: bytes in (chunk boundaries anywhere), AisMessage out.
 *
 * Framing decisions (see README.md):
 * - `!xxVDM` / `!xxVDO` with any two-character talker, including `--` (gpsd ignores `--`, libais and
 *   AisLib decode it; the Danish feed uses it for real type 8 messages, so we decode it).
 * - The checksum (XOR of the bytes between `!` and `*`) is computed while scanning for the fields.
 * - Receiver fields after the checksum are tolerated; a `r…`/`b…` field gives the station and a
 *   9–10 digit number the receive time (USCG style).
 * - NMEA 4 tag blocks `\k:v,…*hh\` (alone on a line they stamp the next sentence), Gatehouse `$PGHP`
 *   (stamps the next message), an epoch-seconds prefix (`1272412827 !AIVDM…`, `…123,!AIVDM`) give
 *   the receive time; `c:` is seconds, or milliseconds when above 1e11.
 * - The literal text `\r\n` / `\x0d\x0a` after a sentence (copy-paste damage) is skipped, and a
 *   sentence glued after it on the same line is decoded too.
 * - Every line ends counted: ignored by reason, or an AIS line whose sentences are decoded or
 *   rejected by reason (a line rejected outright counts as one rejected sentence).
 */
import { ARMOUR, BitBuffer } from './bits.js';
import type { AisMessage } from './messages.js';
import { decodePayload, plainType } from './payload.js';
import { emptyStats } from './split.js';
import type { DecodeStats, IgnoreReason, MessageMeta, Reject, RejectReason } from './types.js';

export interface AisDecoderOptions {
  onMessage: (msg: AisMessage, meta: MessageMeta) => void;
  onReject?: (r: Reject) => void;
  /** Lines longer than this are rejected as `line-too-long` without being buffered (default 8192). */
  maxLineBytes?: number;
  /** Multi-part groups kept waiting for their next fragment (default 256); the oldest is dropped. */
  maxPendingGroups?: number;
  /**
   * Prints a message straight from its payload instead of having it built (GpsdWriter.writePayload):
   * called with the payload bytes (zero past `bitLength`) of a message sure to decode, of `type`
   * (plainType); returns whether it took the message. A message it takes is counted as decoded
   * and not given to onMessage; one it declines goes to onMessage as usual.
   */
  onPayload?: (bytes: Uint8Array, bitLength: number, type: number) => boolean;
  /**
   * Decode a payload shorter than its type's length rule (gpsd drops it) as far as it goes: the
   * fields it carries, the rest null, flagged `short: true` and counted in `stats.shortDecoded`.
   * Default false (gpsd-compatible: rejected as `too-short`).
   */
  lenient?: boolean;
}

const HEXVAL = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEXVAL[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEXVAL[65 + i] = 10 + i;
  HEXVAL[97 + i] = 10 + i;
}

const BANG = 33;
const STAR = 42;
const COMMA = 44;
const BACKSLASH = 92;
const CR = 13;

/**
 * What a multi-part message is told apart by: a tag-block group id (`byGroupId`) or else the
 * station, and the sentence's talker, count, sequence id and channel.
 */
interface KeyParts {
  byGroupId: boolean;
  keyText: string;
  /** The two talker bytes, high byte first. */
  talker: number;
  count: number;
  seq: number;
  channel: string | null;
}

/** A multi-part message waiting for fragments. */
interface Group extends KeyParts {
  /** Its key in `pending` (see groupKey); null until it is filed there (see AisDecoder.newest). */
  key: string | null;
  next: number;
  /**
   * The first sentence's bytes: the chunk it came in while that is being decoded (no copy for a
   * message whose fragments arrive together, the usual case), a copy of them once it must outlive it.
   */
  first: Uint8Array;
  /** Where in `first` the sentence starts, the text a reject shows ends, and its payload lies. */
  firstStart: number;
  firstTextEnd: number;
  firstPayloadStart: number;
  firstPayloadEnd: number;
  /** Whether `first` is the decoder's own copy. */
  settled: boolean;
  /** Payloads of the fragments between the first and the last, copied. */
  middle: Uint8Array[] | null;
  fill: number;
  line: number;
  meta: MessageMeta;
}

/** The key a group is filed under: equal keys are the same message, whatever the parts. */
function groupKey(g: KeyParts): string {
  const talker = String.fromCharCode(g.talker >> 8, g.talker & 0xff);
  return `${g.byGroupId ? 'g' : 's'}${g.keyText}|${talker}|${g.count}|${g.seq}|${g.channel ?? ''}`;
}

/** Whether `g` has these key parts (then its key is theirs, without building either). */
function sameKeyParts(
  g: Group,
  byGroupId: boolean,
  keyText: string,
  talker: number,
  count: number,
  seq: number,
  channel: string | null,
): boolean {
  return (
    g.byGroupId === byGroupId &&
    g.talker === talker &&
    g.count === count &&
    g.seq === seq &&
    (g.channel ?? '') === (channel ?? '') &&
    g.keyText === keyText
  );
}

/** Receive context collected before the `!` of a sentence. */
interface Context {
  timeMs: number | null;
  station: string | null;
  group: string | null;
}

const NO_CONTEXT: Context = { timeMs: null, station: null, group: null };

/** Bytes [s, e) as Latin-1 text, cut to 120 characters; one native copy rather than a string per byte. */
function latin1(buf: Uint8Array, s: number, e: number): string {
  const end = Math.min(e, s + 120);
  if (end <= s) return '';
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return b.toString('latin1', s, end);
}

/**
 * The text of byte runs that recur line after line (a feed's few station names): the same string
 * for the same bytes, found by comparing bytes instead of made anew (and hashed anew downstream)
 * for every line. Holds the last CACHED_TEXTS distinct runs.
 */
class TextCache {
  private readonly runs: Uint8Array[] = [];
  private readonly texts: string[] = [];
  /** Where the last hit was (searched first), and the slot the next new run takes. */
  private last = 0;
  private next = 0;

  /** latin1(buf, s, e), from the cache when these bytes were seen lately. */
  text(buf: Uint8Array, s: number, e: number): string {
    const end = Math.min(e, s + 120);
    const n = end - s;
    const runs = this.runs;
    for (let k = 0, i = this.last; k < runs.length; k++, i = i + 1 === runs.length ? 0 : i + 1) {
      const run = runs[i];
      if (run.length === n && sameBytes(run, buf, s)) {
        this.last = i;
        return this.texts[i];
      }
    }
    const t = latin1(buf, s, end);
    const slot = this.next;
    runs[slot] = copyBytes(buf, s, end);
    this.texts[slot] = t;
    this.last = slot;
    this.next = (slot + 1) % CACHED_TEXTS;
    return t;
  }
}

const CACHED_TEXTS = 8;

/** Whether buf[s, s + run.length) equals run. */
function sameBytes(run: Uint8Array, buf: Uint8Array, s: number): boolean {
  for (let i = 0; i < run.length; i++) if (buf[s + i] !== run[i]) return false;
  return true;
}

export class AisDecoder {
  readonly stats: DecodeStats = emptyStats();
  private readonly onMessage: AisDecoderOptions['onMessage'];
  private readonly onReject: AisDecoderOptions['onReject'];
  private readonly onPayload: AisDecoderOptions['onPayload'];
  private readonly lenient: boolean;
  private readonly maxLine: number;
  private readonly maxPending: number;
  private readonly bits = new BitBuffer();
  private readonly commas = new Int32Array(8);
  /** Groups waiting for fragments, in arrival order; the newest is kept apart (see `newest`). */
  private readonly pending = new Map<string, Group>();
  /**
   * The group that began last, while it waits, out of `pending` and without a key: its next
   * fragment is nearly always the following line, found by comparing key parts, so most messages
   * never build or hash a key. It is filed in `pending` when a newer group begins.
   */
  private newest: Group | null = null;
  private readonly stations = new TextCache();
  /** Context a tag block gives the rest of its line; reused line after line (copied where it must outlive the line). */
  private readonly tagContext: Context = { timeMs: null, station: null, group: null };
  private carry: Buffer | null = null;
  private skipping = false;
  private lineNo = 0;
  /** Receive time from a `$PGHP` line, for the next message. */
  private gatehouseMs: number | null = null;
  /** Tag block alone on a line, for the next sentence. */
  private loneTag: Context | null = null;
  /** Whether the current line already counted as an AIS line. */
  private lineIsAis = false;
  private ended = false;

  constructor(opts: AisDecoderOptions) {
    this.onMessage = opts.onMessage;
    this.onReject = opts.onReject;
    this.onPayload = opts.onPayload;
    this.lenient = opts.lenient ?? false;
    this.maxLine = opts.maxLineBytes ?? 8192;
    this.maxPending = opts.maxPendingGroups ?? 256;
  }

  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('AisDecoder.push after end()');
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.decodeChunk(buf);
    // The chunk is the caller's again: a group still waiting must not point into it.
    if (this.newest !== null) settleGroup(this.newest);
  }

  private decodeChunk(buf: Buffer): void {
    const len = buf.length;
    let pos = 0;
    if (this.skipping) {
      const nl = buf.indexOf(10);
      if (nl < 0) return;
      this.skipping = false;
      pos = nl + 1;
    } else if (this.carry !== null) {
      const nl = buf.indexOf(10);
      const carry = this.carry;
      if (nl < 0) {
        if (carry.length + len > this.maxLine) this.startSkipping(carry);
        else this.carry = Buffer.concat([carry, buf]);
        return;
      }
      this.carry = null;
      if (carry.length + nl > this.maxLine) {
        this.lineTooLong(carry, 0, carry.length);
      } else {
        const line = Buffer.concat([carry, buf.subarray(0, nl)]);
        this.line(line, 0, line.length);
      }
      pos = nl + 1;
    }
    while (pos < len) {
      const first = buf[pos];
      if (first === BANG || first === BACKSLASH) {
        const next =
          first === BANG
            ? this.simpleSentence(buf, pos, len, pos, null, null)
            : this.taggedSentence(buf, pos, len);
        if (next >= 0) {
          pos = next;
          continue;
        }
      }
      const nl = buf.indexOf(10, pos);
      if (nl < 0) {
        if (len - pos > this.maxLine) this.startSkipping(buf.subarray(pos));
        else this.carry = Buffer.from(buf.subarray(pos));
        return;
      }
      if (nl - pos > this.maxLine) this.lineTooLong(buf, pos, nl);
      else this.line(buf, pos, nl);
      pos = nl + 1;
    }
  }

  /**
   * Fast lane for the common line `!ccVDM,1,1,[d],[c],payload,f*hh` + (CR)LF, checked and decoded in
   * one scan with no line splitting. Returns the index after the LF when it handled the line exactly
   * as line() would, or -1 (nothing counted) to let the general path handle anything else: other
   * shapes, bad checksums, pending receive context, lines running past the chunk.
   *
   * `lineStart` is where the line began (before a tag block), `timeMs` and `station` what its tag
   * block said (see taggedSentence).
   */
  private simpleSentence(
    buf: Buffer,
    s: number,
    len: number,
    lineStart: number,
    timeMs: number | null,
    station: string | null,
  ): number {
    if (this.loneTag !== null || this.gatehouseMs !== null || s + 18 > len) return -1;
    if (
      buf[s + 3] !== 86 ||
      buf[s + 4] !== 68 ||
      (buf[s + 5] !== 77 && buf[s + 5] !== 79) ||
      buf[s + 6] !== COMMA ||
      buf[s + 7] !== 49 ||
      buf[s + 8] !== COMMA ||
      buf[s + 9] !== 49 ||
      buf[s + 10] !== COMMA
    ) {
      return -1;
    }
    // XOR of "VDx,1,1," is constant but for the x.
    let x = buf[s + 1] ^ buf[s + 2] ^ 86 ^ 68 ^ buf[s + 5] ^ COMMA ^ 49 ^ COMMA ^ 49 ^ COMMA;
    let p = s + 11;
    let c = buf[p];
    // Sequence id: at most one digit here.
    if (c >= 48 && c <= 57) {
      x ^= c;
      c = buf[++p];
    }
    if (c !== COMMA) return -1;
    x ^= c;
    c = buf[++p];
    // Channel: empty or one of A, B, 1, 2.
    let channel: string | null = null;
    if (c === 65 || c === 66 || c === 49 || c === 50) {
      channel = c === 65 ? 'A' : c === 66 ? 'B' : c === 49 ? '1' : '2';
      x ^= c;
      c = buf[++p];
    }
    if (c !== COMMA) return -1;
    x ^= c;
    const ps = ++p;
    const end = Math.min(len, lineStart + this.maxLine);
    const bits = this.bits;
    const pe = bits.loadArmouredRun(buf, ps, end);
    x ^= bits.xor;
    // "," fill "*" hex hex, then LF or CR LF.
    if (pe === ps || pe + 5 >= end || buf[pe] !== COMMA) return -1;
    const fill = buf[pe + 1] - 48;
    if (fill < 0 || fill > 5 || buf[pe + 2] !== STAR || fill >= (pe - ps) * 6) return -1;
    x ^= COMMA ^ buf[pe + 1];
    const h1 = HEXVAL[buf[pe + 3]];
    const h2 = HEXVAL[buf[pe + 4]];
    if (h1 < 0 || h2 < 0 || ((h1 << 4) | h2) !== x) return -1;
    const e = pe + 5;
    let nl = e;
    if (buf[nl] === CR) nl++;
    if (nl >= end - 1 || buf[nl] !== 10) return -1;
    const st = this.stats;
    st.lines++;
    st.aisLines++;
    st.sentences++;
    const line = ++this.lineNo;
    this.lineIsAis = true;
    bits.dropFillBits(fill);
    this.emit(line, s, buf, e, 1, timeMs, station, channel);
    return nl + 1;
  }

  /**
   * Fast lane for the common NMEA 4 line: a tag block `\k:v,…*hh\` whose checksum holds, then a
   * sentence simpleSentence takes. The tag block is read as tagBlock() reads it; anything else (a bad
   * tag checksum, a tag block alone, a CR, a line running past the chunk) returns -1 with nothing
   * counted, for the general path.
   */
  private taggedSentence(buf: Buffer, s: number, len: number): number {
    if (this.loneTag !== null || this.gatehouseMs !== null) return -1;
    const end = Math.min(len, s + this.maxLine);
    let x = 0;
    let star = -1;
    let p = s + 1;
    for (; p < end; p++) {
      const c = buf[p];
      if (c === BACKSLASH) break;
      if (c === CR || c === 10) return -1;
      if (star < 0) {
        if (c === STAR) star = p;
        else x ^= c;
      }
    }
    if (p + 1 >= end || buf[p + 1] !== BANG || !tagChecksumOk(buf, star, p, x)) return -1;
    const ctx = parseTagFields(buf, s + 1, star, NO_CONTEXT, this.tagContext, this.stations);
    return this.simpleSentence(buf, p + 1, len, s, ctx.timeMs, ctx.station);
  }

  /**
   * True when nothing read so far can affect what follows: no partial line, no multi-part group
   * waiting, no `$PGHP` or lone tag block stamp pending. Decoding the rest of the input with a fresh
   * decoder then gives the same messages and counts (only line numbers restart), which is what
   * lets `tallyman decode` split a file between threads.
   */
  atCleanBoundary(): boolean {
    return (
      this.carry === null &&
      !this.skipping &&
      this.pending.size === 0 &&
      this.newest === null &&
      this.gatehouseMs === null &&
      this.loneTag === null
    );
  }

  /** The counts since the last call (or the start), then zeroes them; line numbers keep counting. */
  takeStats(): DecodeStats {
    const st = this.stats;
    const out: DecodeStats = { ...st };
    st.lines = 0;
    st.aisLines = 0;
    st.sentences = 0;
    st.messages = 0;
    st.sentencesDecoded = 0;
    st.byType = {};
    st.rejectedByReason = {};
    st.ignoredByReason = {};
    st.badTagBlocks = 0;
    st.shortDecoded = 0;
    return out;
  }

  /** Flushes the last line and every incomplete multi-part group (counted `incomplete-message`). */
  end(): void {
    if (this.ended) return;
    if (this.carry !== null) {
      const c = this.carry;
      this.carry = null;
      this.line(c, 0, c.length);
    }
    this.skipping = false;
    for (const g of this.pending.values()) this.dropGroup(g, 'incomplete-message');
    this.pending.clear();
    if (this.newest !== null) this.dropGroup(this.newest, 'incomplete-message');
    this.newest = null;
    this.ended = true;
  }

  private startSkipping(head: Uint8Array): void {
    this.carry = null;
    this.skipping = true;
    this.lineTooLong(head, 0, head.length);
  }

  private lineTooLong(buf: Uint8Array, s: number, e: number): void {
    this.stats.lines++;
    this.lineNo++;
    this.stats.aisLines++;
    this.stats.sentences++;
    this.reject('line-too-long', this.lineNo, buf, s, e, 1);
  }

  private ignore(reason: IgnoreReason): void {
    // Text after a glued sentence on an AIS line is not a line of its own.
    if (this.lineIsAis) return;
    const m = this.stats.ignoredByReason;
    m[reason] = (m[reason] ?? 0) + 1;
  }

  private reject(
    reason: RejectReason,
    line: number,
    buf: Uint8Array | null,
    s: number,
    e: number,
    n: number,
  ): void {
    const m = this.stats.rejectedByReason;
    m[reason] = (m[reason] ?? 0) + n;
    if (this.onReject !== undefined) {
      this.onReject({ reason, line, text: buf === null ? '' : latin1(buf, s, e), sentences: n });
    }
  }

  private markAis(): void {
    if (!this.lineIsAis) {
      this.lineIsAis = true;
      this.stats.aisLines++;
    }
  }

  /** One physical line [s, e) without its LF. */
  private line(buf: Buffer, s: number, e: number): void {
    this.stats.lines++;
    this.lineNo++;
    this.lineIsAis = false;
    while (e > s && (buf[e - 1] === CR || buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
    if (buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
    if (s === e) {
      this.ignore('blank');
      return;
    }
    const first = buf[s];
    if (first !== BANG) {
      // Lone CRs (old Mac line ends) inside a non-sentence line: split there. Sentences detect them while scanning.
      for (let i = s; i < e; i++) {
        if (buf[i] === CR) {
          this.splitAt(buf, s, i, e);
          return;
        }
      }
    }
    const cr = this.dispatch(buf, s, e, NO_CONTEXT);
    if (cr >= 0) this.splitAt(buf, s, cr, e);
  }

  private splitAt(buf: Buffer, s: number, cr: number, e: number): void {
    // The line was not counted beyond lines/lineNo yet: re-run as two lines.
    this.stats.lines--;
    this.lineNo--;
    if (this.lineIsAis) {
      this.lineIsAis = false;
      this.stats.aisLines--;
    }
    this.line(buf, s, cr);
    this.line(buf, cr + 1, e);
  }

  /**
   * Classifies and handles the text [s, e) of the current line. Returns -1, or the index of a CR
   * found inside a sentence before anything was counted (the caller splits the line there).
   */
  private dispatch(buf: Buffer, s: number, e: number, ctx: Context): number {
    const c = buf[s];
    if (c === BANG) return this.sentence(buf, s, e, ctx);
    if (c === BACKSLASH) return this.tagBlock(buf, s, e, ctx);
    if (c === 36 /* $ */) {
      if (e - s > 6 && buf[s + 1] === 80 && buf[s + 2] === 71 && buf[s + 3] === 72 && buf[s + 4] === 80) {
        this.gatehouseMs = parseGatehouse(buf, s, e);
        this.ignore('receive-time-carrier');
      } else {
        this.ignore('other-nmea');
      }
      return -1;
    }
    if (c === 35 /* # */) {
      this.ignore('comment');
      return -1;
    }
    if (c >= 48 && c <= 57) {
      const r = this.epochPrefix(buf, s, e, ctx);
      if (r !== -2) return r;
    }
    this.garbage(buf, s, e);
    return -1;
  }

  private garbage(buf: Buffer, s: number, e: number): void {
    for (let i = s; i < e; i++) {
      const c = buf[i];
      if ((c < 32 && c !== 9) || c > 126) {
        this.markAis();
        this.stats.sentences++;
        this.reject('binary-junk', this.lineNo, buf, s, e, 1);
        return;
      }
    }
    // A sentence that lost its leading '!' (seen in gpsd's sample.aivdm) is damaged AIS, not noise.
    if (e - s > 6 && buf[s + 2] === 86 && buf[s + 3] === 68 && (buf[s + 4] === 77 || buf[s + 4] === 79)) {
      this.markAis();
      this.stats.sentences++;
      this.reject('malformed-sentence', this.lineNo, buf, s, e, 1);
      return;
    }
    this.ignore('not-nmea');
  }

  /** `1272412827 !AIVDM…` or `1272412827.123,!AIVDM…`: returns -2 when it is not such a prefix. */
  private epochPrefix(buf: Buffer, s: number, e: number, ctx: Context): number {
    let p = s;
    let secs = 0;
    while (p < e && buf[p] >= 48 && buf[p] <= 57) secs = secs * 10 + (buf[p++] - 48);
    let frac = 0;
    let scale = 1;
    if (p < e && buf[p] === 46) {
      p++;
      while (p < e && buf[p] >= 48 && buf[p] <= 57) {
        if (scale < 1000) {
          frac = frac * 10 + (buf[p] - 48);
          scale *= 10;
        }
        p++;
      }
    }
    const digits = p - s;
    while (p < e && (buf[p] === 32 || buf[p] === 44 || buf[p] === 9 || buf[p] === 58 || buf[p] === 59)) p++;
    if (p === e || digits < 9 || (buf[p] !== BANG && buf[p] !== BACKSLASH)) return -2;
    const timeMs = secs * 1000 + Math.round((frac * 1000) / scale);
    return this.dispatch(buf, p, e, { timeMs, station: ctx.station, group: ctx.group });
  }

  private tagBlock(buf: Buffer, s: number, e: number, ctx: Context): number {
    let p = s + 1;
    let x = 0;
    let star = -1;
    for (; p < e; p++) {
      const c = buf[p];
      if (c === BACKSLASH) break;
      if (c === CR) return p;
      if (star < 0) {
        if (c === STAR) star = p;
        else x ^= c;
      }
    }
    if (p === e) {
      // No closing backslash: not a tag block we can read.
      this.garbage(buf, s, e);
      return -1;
    }
    const close = p;
    const ok = tagChecksumOk(buf, star, close, x);
    let next: Context = ctx;
    if (ok) next = parseTagFields(buf, s + 1, star, ctx, this.tagContext, this.stations);
    else this.stats.badTagBlocks++;
    if (close + 1 >= e) {
      // A tag block alone on its line stamps the next sentence.
      this.loneTag = { ...next };
      this.ignore('receive-time-carrier');
      return -1;
    }
    return this.dispatch(buf, close + 1, e, next);
  }

  /** `!xxVDM,count,number,seq,channel,payload,fill*hh[,receiver fields]` at [s, e). */
  private sentence(buf: Buffer, s: number, e: number, ctx: Context): number {
    // Formatter: 2-character talker then VDM or VDO.
    if (
      e - s < 7 ||
      buf[s + 3] !== 86 ||
      buf[s + 4] !== 68 ||
      (buf[s + 5] !== 77 && buf[s + 5] !== 79) ||
      buf[s + 6] !== COMMA
    ) {
      for (let i = s; i < e; i++) if (buf[i] === CR) return i;
      this.ignore('other-nmea');
      return -1;
    }
    const commas = this.commas;
    let nc = 0;
    let x = 0;
    let p = s + 1;
    for (; p < e; p++) {
      const c = buf[p];
      if (c === STAR) break;
      if (c === CR) return p;
      x ^= c;
      if (c === COMMA) {
        if (nc < 8) commas[nc] = p;
        nc++;
      }
    }
    // Trailing part: checksum, receiver fields, or a glued next sentence.
    let tail = p + 3;
    let glued = -1;
    for (let i = p; i < e; i++) {
      const c = buf[i];
      if (c === CR) return i;
      if (c === BACKSLASH && glued < 0 && i >= tail) {
        const after = skipLiteralLineEnds(buf, i, e);
        if (after > i && (after === e || buf[after] === BANG || buf[after] === BACKSLASH)) {
          glued = after;
          break;
        }
      }
    }
    const end = glued >= 0 ? glued : e;
    if (glued >= 0) {
      // Trailing fields stop at the literal escape.
      let k = tail;
      while (k < end && buf[k] !== BACKSLASH) k++;
      tail = Math.min(tail, k);
    }
    this.markAis();
    this.stats.sentences++;
    const line = this.lineNo;
    this.frame(buf, s, p, e, glued, x, nc, ctx, line);
    if (glued >= 0 && glued < e) return this.dispatch(buf, glued, e, NO_CONTEXT);
    return -1;
  }

  private frame(
    buf: Buffer,
    s: number,
    star: number,
    e: number,
    glued: number,
    x: number,
    nc: number,
    ctx: Context,
    line: number,
  ): void {
    const textEnd = glued >= 0 ? glued : e;
    if (star >= e) {
      this.reject('no-checksum', line, buf, s, textEnd, 1);
      return;
    }
    const h1 = star + 1 < e ? HEXVAL[buf[star + 1]] : -1;
    const h2 = star + 2 < e ? HEXVAL[buf[star + 2]] : -1;
    if (h1 < 0 || h2 < 0) {
      this.reject('no-checksum', line, buf, s, textEnd, 1);
      return;
    }
    if (((h1 << 4) | h2) !== x) {
      this.reject('bad-checksum', line, buf, s, textEnd, 1);
      return;
    }
    if (nc !== 6) {
      this.reject('malformed-sentence', line, buf, s, textEnd, 1);
      return;
    }
    const c = this.commas;
    // count and number: one digit each
    const count = c[1] - c[0] === 2 ? buf[c[0] + 1] - 48 : -1;
    const num = c[2] - c[1] === 2 ? buf[c[1] + 1] - 48 : -1;
    if (count < 1 || count > 9 || num < 1 || num > count) {
      this.reject('malformed-sentence', line, buf, s, textEnd, 1);
      return;
    }
    let seq = -1;
    for (let i = c[2] + 1; i < c[3]; i++) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9 || seq > 999) {
        this.reject('malformed-sentence', line, buf, s, textEnd, 1);
        return;
      }
      seq = seq < 0 ? d : seq * 10 + d;
    }
    if (c[4] - c[3] > 3) {
      this.reject('malformed-sentence', line, buf, s, textEnd, 1);
      return;
    }
    const ps = c[4] + 1;
    const pe = c[5];
    if (star - c[5] !== 2) {
      this.reject('malformed-sentence', line, buf, s, textEnd, 1);
      return;
    }
    const fill = buf[c[5] + 1] - 48;
    if (fill < 0 || fill > 9) {
      this.reject('malformed-sentence', line, buf, s, textEnd, 1);
      return;
    }
    // The last part of a multi-part message may be empty (seen in the wild, pyais issue 157; gpsd
    // decodes it): the payload is whole in the parts before it.
    const emptyLast = ps === pe && count > 1 && num === count && fill === 0;
    if (ps === pe && !emptyLast) {
      this.reject('empty-payload', line, buf, s, textEnd, 1);
      return;
    }
    if (!emptyLast && (fill > 5 || fill >= (pe - ps) * 6)) {
      this.reject('bad-fill-bits', line, buf, s, textEnd, 1);
      return;
    }

    // Receive context of this sentence.
    let timeMs = ctx.timeMs;
    let station = ctx.station;
    if (this.loneTag !== null) {
      if (timeMs === null) timeMs = this.loneTag.timeMs;
      if (station === null) station = this.loneTag.station;
      this.loneTag = null;
    }
    const tailStart = star + 3;
    const tailEnd = glued >= 0 ? glued : e;
    if (tailStart < tailEnd && (timeMs === null || station === null)) {
      const rf = receiverFields(buf, tailStart, tailEnd, this.stations);
      if (timeMs === null) timeMs = rf.timeMs;
      if (station === null) station = rf.station;
    }

    if (count === 1) {
      const bits = this.bits;
      bits.reset();
      if (!bits.appendArmoured(buf, ps, pe)) {
        this.reject('invalid-sixbit', line, buf, s, textEnd, 1);
        return;
      }
      bits.dropFillBits(fill);
      if (timeMs === null && this.gatehouseMs !== null) timeMs = this.gatehouseMs;
      this.gatehouseMs = null;
      this.emit(line, s, buf, textEnd, 1, timeMs, station, chanOf(buf, c[3], c[4]));
      return;
    }
    this.fragment(
      buf,
      s,
      textEnd,
      ps,
      pe,
      fill,
      count,
      num,
      seq,
      c[3],
      c[4],
      ctx.group,
      ctx.station,
      timeMs,
      station,
      line,
    );
  }

  private emit(
    line: number,
    s: number,
    buf: Uint8Array,
    textEnd: number,
    n: number,
    timeMs: number | null,
    station: string | null,
    channel: string | null,
  ): void {
    if (this.onPayload !== undefined && this.tookPayload(n)) return;
    const r = decodePayload(this.bits, this.lenient);
    if (typeof r === 'string') {
      this.reject(r, line, buf, s, textEnd, n);
      return;
    }
    this.countDecoded(r.type, n);
    if ('short' in r) this.stats.shortDecoded++;
    const meta: MessageMeta = {
      receivedAtMs: timeMs,
      station,
      sentence: sentenceName(buf, s),
      channel,
      line,
    };
    this.onMessage(r, meta);
  }

  /** Whether onPayload took the message in `bits`, of `sentences` sentences (then it is counted here). */
  private tookPayload(sentences: number): boolean {
    const bits = this.bits;
    const type = plainType(bits);
    if (type < 0 || !this.onPayload!(bits.bytes, bits.bitLength, type)) return false;
    this.countDecoded(type, sentences);
    return true;
  }

  private countDecoded(type: number, sentences: number): void {
    const st = this.stats;
    st.messages++;
    st.sentencesDecoded += sentences;
    st.byType[type] = (st.byType[type] ?? 0) + 1;
  }

  private fragment(
    buf: Buffer,
    s: number,
    textEnd: number,
    ps: number,
    pe: number,
    fill: number,
    count: number,
    num: number,
    seq: number,
    cs: number,
    ce: number,
    group: string | null,
    /** Tag-block station only: receiver fields after the checksum are often on one fragment only. */
    keyStation: string | null,
    timeMs: number | null,
    station: string | null,
    line: number,
  ): void {
    for (let i = ps; i < pe; i++) {
      if (ARMOUR[buf[i]] === 255) {
        this.reject('invalid-sixbit', line, buf, s, textEnd, 1);
        return;
      }
    }
    const channel = chanOf(buf, cs, ce);
    const byGroupId = group !== null;
    const keyText = group ?? keyStation ?? '';
    const talker = (buf[s + 1] << 8) | buf[s + 2];
    const g = this.findGroup(byGroupId, keyText, talker, count, seq, channel);
    if (num === 1) {
      if (g !== undefined) {
        this.removeGroup(g);
        this.dropGroup(g, 'incomplete-message');
      }
      if (timeMs === null && this.gatehouseMs !== null) timeMs = this.gatehouseMs;
      this.gatehouseMs = null;
      const next: Group = {
        key: null,
        byGroupId,
        keyText,
        talker,
        count,
        seq,
        channel,
        next: 2,
        first: buf,
        firstStart: s,
        firstTextEnd: Math.min(textEnd, s + 120),
        firstPayloadStart: ps,
        firstPayloadEnd: pe,
        settled: false,
        middle: null,
        fill,
        line,
        meta: { receivedAtMs: timeMs, station, sentence: sentenceName(buf, s), channel, line },
      };
      if (this.newest !== null) this.fileGroup(this.newest);
      this.evictOld();
      this.newest = next;
      return;
    }
    if (g === undefined) {
      this.reject('orphan-fragment', line, buf, s, textEnd, 1);
      return;
    }
    if (num < g.next) {
      this.reject('duplicate-fragment', line, buf, s, textEnd, 1);
      return;
    }
    if (num > g.next) {
      // A fragment went missing: the group can never complete.
      this.removeGroup(g);
      this.dropGroup(g, 'incomplete-message');
      this.reject('orphan-fragment', line, buf, s, textEnd, 1);
      return;
    }
    g.fill = fill;
    g.next++;
    if (g.meta.receivedAtMs === null) g.meta.receivedAtMs = timeMs;
    if (g.meta.station === null) g.meta.station = station;
    if (num < count) {
      // Kept past this line: a copy. The last fragment is read where it lies.
      if (g.middle === null) g.middle = [];
      g.middle.push(copyBytes(buf, ps, pe));
      return;
    }
    this.removeGroup(g);
    const bits = this.bits;
    bits.reset();
    let whole = bits.appendArmoured(g.first, g.firstPayloadStart, g.firstPayloadEnd);
    for (const pl of g.middle ?? []) whole = whole && bits.appendArmoured(pl, 0, pl.length);
    whole = whole && bits.appendArmoured(buf, ps, pe);
    if (!whole) {
      this.reject('bad-length', g.line, null, 0, 0, count);
      return;
    }
    if (g.fill >= bits.bitLength) {
      this.reject('bad-fill-bits', g.line, null, 0, 0, count);
      return;
    }
    bits.dropFillBits(g.fill);
    if (this.onPayload !== undefined && this.tookPayload(count)) return;
    const r = decodePayload(bits, this.lenient);
    if (typeof r === 'string') {
      const m = this.stats.rejectedByReason;
      m[r] = (m[r] ?? 0) + count;
      if (this.onReject !== undefined)
        this.onReject({ reason: r, line: g.line, text: groupText(g), sentences: count });
      return;
    }
    this.countDecoded(r.type, count);
    if ('short' in r) this.stats.shortDecoded++;
    this.onMessage(r, g.meta);
  }

  /**
   * The waiting group a fragment with these key parts belongs to: `newest` when the parts match
   * (then so would the keys), else the one filed under the key they make (which, compared as keys,
   * may also be `newest`).
   */
  private findGroup(
    byGroupId: boolean,
    keyText: string,
    talker: number,
    count: number,
    seq: number,
    channel: string | null,
  ): Group | undefined {
    const newest = this.newest;
    if (newest !== null && sameKeyParts(newest, byGroupId, keyText, talker, count, seq, channel))
      return newest;
    if (newest === null && this.pending.size === 0) return undefined;
    const key = groupKey({ byGroupId, keyText, talker, count, seq, channel });
    const filed = this.pending.get(key);
    if (filed !== undefined) return filed;
    return newest !== null && groupKey(newest) === key ? newest : undefined;
  }

  private removeGroup(g: Group): void {
    if (g === this.newest) this.newest = null;
    else this.pending.delete(g.key as string);
  }

  /** Files a group in `pending` under its key, with its first sentence copied out of its chunk. */
  private fileGroup(g: Group): void {
    settleGroup(g);
    g.key = groupKey(g);
    this.pending.set(g.key, g);
  }

  private evictOld(): void {
    while (this.pending.size >= this.maxPending) {
      const oldest = this.pending.values().next().value as Group;
      this.pending.delete(oldest.key as string);
      this.dropGroup(oldest, 'incomplete-message');
    }
  }

  private dropGroup(g: Group, reason: RejectReason): void {
    const n = g.next - 1;
    const m = this.stats.rejectedByReason;
    m[reason] = (m[reason] ?? 0) + n;
    if (this.onReject !== undefined)
      this.onReject({ reason, line: g.line, text: groupText(g), sentences: n });
  }
}

/** The text a reject of the group shows: its first sentence, cut to 120 characters. */
function groupText(g: Group): string {
  return latin1(g.first, g.firstStart, g.firstTextEnd);
}

/** Copies the group's first sentence (payload and text) out of the chunk it came in. */
function settleGroup(g: Group): void {
  if (g.settled) return;
  const from = g.firstStart;
  g.first = copyBytes(g.first, from, Math.max(g.firstTextEnd, g.firstPayloadEnd));
  g.firstStart = 0;
  g.firstTextEnd -= from;
  g.firstPayloadStart -= from;
  g.firstPayloadEnd -= from;
  g.settled = true;
}

/** Whether a tag block's checksum (one or two hex digits between `star` and `close`) is `x`. */
function tagChecksumOk(buf: Uint8Array, star: number, close: number, x: number): boolean {
  if (star < 0 || close - star < 2 || close - star > 3) return false;
  let v = 0;
  for (let i = star + 1; i < close; i++) {
    const h = HEXVAL[buf[i]];
    if (h < 0) return false;
    v = v * 16 + h;
  }
  return v === x;
}

function copyBytes(buf: Uint8Array, s: number, e: number): Uint8Array {
  return Uint8Array.prototype.slice.call(buf, s, e) as Uint8Array;
}

/** Talker and formatter after the `!`; the usual two without a new string each. */
function sentenceName(buf: Uint8Array, s: number): string {
  if (buf[s + 1] === 65 && buf[s + 2] === 73 && buf[s + 3] === 86 && buf[s + 4] === 68) {
    if (buf[s + 5] === 77) return 'AIVDM';
    if (buf[s + 5] === 79) return 'AIVDO';
  }
  return String.fromCharCode(buf[s + 1], buf[s + 2], buf[s + 3], buf[s + 4], buf[s + 5]);
}

function chanOf(buf: Uint8Array, cs: number, ce: number): string | null {
  if (ce - cs === 2) return String.fromCharCode(buf[cs + 1]);
  if (ce - cs === 1) return null;
  let out = '';
  for (let i = cs + 1; i < ce; i++) out += String.fromCharCode(buf[i]);
  return out;
}

/** Skips literal `\r`, `\n`, `\x0d`, `\x0a` sequences starting at i; returns the index after them (i if none). */
function skipLiteralLineEnds(buf: Uint8Array, i: number, e: number): number {
  let p = i;
  for (;;) {
    if (p + 1 < e && buf[p] === BACKSLASH && (buf[p + 1] === 114 || buf[p + 1] === 110)) {
      p += 2;
    } else if (
      p + 3 < e &&
      buf[p] === BACKSLASH &&
      buf[p + 1] === 120 &&
      buf[p + 2] === 48 &&
      (buf[p + 3] === 100 || buf[p + 3] === 68 || buf[p + 3] === 97 || buf[p + 3] === 65)
    ) {
      p += 4;
    } else {
      return p;
    }
  }
}

/** Receiver fields after the checksum: station `r…`/`b…`, receive time = first 9–10 digit integer. */
function receiverFields(
  buf: Uint8Array,
  s: number,
  e: number,
  stations: TextCache,
): { timeMs: number | null; station: string | null } {
  let timeMs: number | null = null;
  let station: string | null = null;
  let p = s;
  while (p < e) {
    if (buf[p] === COMMA) {
      p++;
      continue;
    }
    let q = p;
    while (q < e && buf[q] !== COMMA) q++;
    const c = buf[p];
    if (station === null && (c === 114 || c === 98) && q - p > 1) {
      let ok = true;
      for (let i = p + 1; i < q; i++) if (buf[i] < 48 || buf[i] > 57) ok = false;
      if (ok) station = stations.text(buf, p, q);
    } else if (timeMs === null && q - p >= 9 && q - p <= 10) {
      let v = 0;
      let ok = true;
      for (let i = p; i < q; i++) {
        const d = buf[i] - 48;
        if (d < 0 || d > 9) ok = false;
        v = v * 10 + d;
      }
      if (ok) timeMs = v * 1000;
    }
    p = q;
  }
  return { timeMs, station };
}

/** Tag block fields `k:v,…` between s and star, over `ctx`, written to `out` (which may be `ctx`). */
function parseTagFields(
  buf: Uint8Array,
  s: number,
  star: number,
  ctx: Context,
  out: Context,
  stations: TextCache,
): Context {
  let timeMs = ctx.timeMs;
  let station = ctx.station;
  let group = ctx.group;
  let p = s;
  while (p < star) {
    let q = p;
    while (q < star && buf[q] !== COMMA) q++;
    let colon = p;
    while (colon < q && buf[colon] !== 58) colon++;
    if (colon < q) {
      const keyLen = colon - p;
      const k = buf[p];
      if (keyLen === 1 && k === 99 /* c */) {
        let v = 0;
        let ok = colon + 1 < q;
        for (let i = colon + 1; i < q; i++) {
          const d = buf[i] - 48;
          if (d < 0 || d > 9) ok = false;
          v = v * 10 + d;
        }
        if (ok) timeMs = v > 1e11 ? v : v * 1000;
      } else if (keyLen === 1 && k === 115 /* s */) {
        station = stations.text(buf, colon + 1, q);
      } else if (keyLen === 1 && k === 103 /* g */) {
        // g:<sentence>-<total>-<group id>
        let dash = q;
        let dashes = 0;
        for (let i = colon + 1; i < q; i++) {
          if (buf[i] === 45 && ++dashes === 2) {
            dash = i;
            break;
          }
        }
        group = latin1(buf, dash + 1, q);
      } else if (keyLen >= 3 && buf[p + 1] === 71 /* NMEA 4.0 "1G2:id" */) {
        group = latin1(buf, colon + 1, q);
      }
    }
    p = q + 1;
  }
  out.timeMs = timeMs;
  out.station = station;
  out.group = group;
  return out;
}

/** `$PGHP,1,yyyy,m,d,h,m,s,ms,…` → epoch ms (null when the fields do not form a date). */
function parseGatehouse(buf: Uint8Array, s: number, e: number): number | null {
  const v: number[] = [];
  let p = s;
  while (p < e && buf[p] !== COMMA) p++;
  while (p < e && v.length < 8) {
    p++;
    let n = 0;
    let digits = 0;
    while (p < e && buf[p] >= 48 && buf[p] <= 57) {
      n = n * 10 + (buf[p++] - 48);
      digits++;
    }
    if (digits === 0 || (p < e && buf[p] !== COMMA && buf[p] !== STAR)) return null;
    v.push(n);
  }
  if (v.length < 8 || v[0] !== 1) return null;
  const t = Date.UTC(v[1], v[2] - 1, v[3], v[4], v[5], v[6], v[7]);
  return Number.isFinite(t) ? t : null;
}
