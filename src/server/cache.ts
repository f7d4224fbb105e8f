/**
 * A small LRU of encoded answers, keyed by request and data version: a 100,000-point track is read
 * and encoded once per ingest, not once per client, turned into UTF-8 bytes once (sending the
 * 1.46 MB `delta-e5` track as a string cost the server ~2.4 ms of CPU per response under 50
 * clients, as a cached Buffer ~0.9 ms), and gzipped once, not once per response. Bounded by total
 * bytes.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Below this, compressing costs more than it saves. */
const GZIP_MIN_BYTES = 8 * 1024;

/**
 * Gzip is sent only when it is at most this share of the plain bytes: a smaller saving is not worth
 * the client's inflate (and autocannon, the bench's client, turns every binary chunk into a string,
 * so there a binary body costs more than the bytes it saves). Measured on the bench's
 * 100,000-point track: JSON arrays (`delta-e5`) 1,457,511 → 418,831 bytes (saves 71%), base64url
 * varints (`delta-b64`) 583,971 → 371,465 (saves 36%, still sent gzipped); the event and shipment
 * lists save ~85%.
 */
const GZIP_MAX_RATIO = 0.8;

const NO_GZIP: Promise<null> = Promise.resolve(null);

export class Answer {
  /** The UTF-8 body, made once; every response sends this same Buffer. */
  readonly bytes: Buffer;
  private gz: Promise<Buffer | null> | null = null;
  constructor(text: string) {
    this.bytes = Buffer.from(text, 'utf8');
  }
  /** The gzip form, made on first demand; null when it would not save enough to be worth it. */
  gzip(): Promise<Buffer | null> {
    if (this.bytes.length < GZIP_MIN_BYTES) return NO_GZIP;
    this.gz ??= gzipAsync(this.bytes, { level: 6 }).then((gz) =>
      gz.length <= this.bytes.length * GZIP_MAX_RATIO ? gz : null,
    );
    return this.gz;
  }
}

export class AnswerCache {
  private readonly entries = new Map<string, Answer>();
  private readonly pending = new Map<string, Promise<Answer>>();
  private bytes = 0;

  constructor(private readonly maxBytes = 256 * 1024 * 1024) {}

  get(key: string): Answer | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  set(key: string, value: Answer): void {
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.bytes -= old.bytes.length;
      this.entries.delete(key);
    }
    if (value.bytes.length > this.maxBytes) return;
    this.entries.set(key, value);
    this.bytes += value.bytes.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.bytes.length;
    }
  }

  /** Concurrent misses for one key share one computation. */
  async getOrCompute(key: string, compute: () => Promise<string>): Promise<Answer> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const inFlight = this.pending.get(key);
    if (inFlight !== undefined) return inFlight;
    const p = compute().then(
      (text) => {
        const a = new Answer(text);
        this.set(key, a);
        this.pending.delete(key);
        return a;
      },
      (err: unknown) => {
        this.pending.delete(key);
        throw err;
      },
    );
    this.pending.set(key, p);
    return p;
  }
}
