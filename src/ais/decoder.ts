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
import {
  chanOf,
  checkSentence,
  copyBytes,
  HEXVAL,
  latin1,
  type SentenceFields,
  sentenceName,
  skipLiteralLineEnds,
  TextCache,
} from './framing.js';
import type { AisMessage } from './messages.js';
import { decodePayload, plainType } from './payload.js';
import { type Group, groupText, PendingGroups } from './reassembly.js';
import { emptyStats } from './split.js';
import {
  type Context,
  NO_CONTEXT,
  parseGatehouse,
  parseTagFields,
  receiverFields,
  tagChecksumOk,
} from './tag-block.js';
import type { DecodeStats, IgnoreReason, MessageMeta, Reject, RejectReason } from './types.js';

// Local rather than imported: the scan loops compare bytes against them line after line.
const BANG = 33;
const STAR = 42;
const COMMA = 44;
const BACKSLASH = 92;
const CR = 13;

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

export class AisDecoder {
  readonly stats: DecodeStats = emptyStats();
  private readonly onMessage: AisDecoderOptions['onMessage'];
  private readonly onReject: AisDecoderOptions['onReject'];
  private readonly onPayload: AisDecoderOptions['onPayload'];
  private readonly lenient: boolean;
  private readonly maxLine: number;
  private readonly bits = new BitBuffer();
  private readonly commas = new Int32Array(8);
  /** The fields of the sentence being framed (checkSentence), reused sentence after sentence. */
  private readonly fields: SentenceFields = { count: 0, num: 0, seq: -1, ps: 0, pe: 0, fill: 0 };
  private readonly pending: PendingGroups;
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
    this.pending = new PendingGroups(opts.maxPendingGroups ?? 256, (g, reason) => this.dropGroup(g, reason));
  }

  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('AisDecoder.push after end()');
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.decodeChunk(buf);
    // The chunk is the caller's again: a group still waiting must not point into it.
    this.pending.settle();
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
      this.pending.isEmpty &&
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
    this.pending.dropAll();
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
    const f = this.fields;
    const bad = checkSentence(buf, star, e, x, this.commas, nc, f);
    if (bad !== null) {
      this.reject(bad, line, buf, s, textEnd, 1);
      return;
    }
    const c = this.commas;
    const { count, num, seq, ps, pe, fill } = f;

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
    const g = this.pending.find(byGroupId, keyText, talker, count, seq, channel);
    if (num === 1) {
      if (g !== undefined) {
        this.pending.remove(g);
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
      this.pending.begin(next);
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
      this.pending.remove(g);
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
    this.pending.remove(g);
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

  private dropGroup(g: Group, reason: RejectReason): void {
    const n = g.next - 1;
    const m = this.stats.rejectedByReason;
    m[reason] = (m[reason] ?? 0) + n;
    if (this.onReject !== undefined)
      this.onReject({ reason, line: g.line, text: groupText(g), sentences: n });
  }
}
