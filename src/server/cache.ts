/**
 * A small LRU of encoded answers, keyed by request and data version: a 100,000-point track is read
 * and encoded once per ingest, not once per client, and gzipped once, not once per response (the
 * delta-encoded arrays shrink ~5× — the difference between a loopback link saturated by 50 clients
 * and not). Bounded by total bytes.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Below this, compressing costs more than it saves. */
const GZIP_MIN_BYTES = 8 * 1024;

export class Answer {
  private gz: Promise<Buffer> | null = null;
  constructor(readonly text: string) {}
  /** The gzip form, made on first demand; null when the text is too small to be worth it. */
  gzip(): Promise<Buffer> | null {
    if (this.text.length < GZIP_MIN_BYTES) return null;
    this.gz ??= gzipAsync(this.text, { level: 6 });
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
      this.bytes -= old.text.length;
      this.entries.delete(key);
    }
    if (value.text.length > this.maxBytes) return;
    this.entries.set(key, value);
    this.bytes += value.text.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.text.length;
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
