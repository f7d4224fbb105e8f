/** Shared helpers for the scenario tests: load a bundled scenario, decode NMEA lines with src/ais. */
import { readFileSync } from 'node:fs';
import { AisDecoder } from '../../src/ais/decoder.js';
import type { AisMessage } from '../../src/ais/messages.js';
import type { MessageMeta, Reject } from '../../src/ais/types.js';
import { parseScenario, type Scenario } from '../../src/scenario/index.js';

export function loadScenario(name: string): Scenario {
  const file = new URL(`../../scenarios/${name}.json`, import.meta.url);
  const r = parseScenario(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.reason}`).join('\n'));
  return r.scenario;
}

export function decodeLines(lines: Iterable<string>): {
  messages: { msg: AisMessage; meta: MessageMeta }[];
  rejects: Reject[];
  badTagBlocks: number;
} {
  const messages: { msg: AisMessage; meta: MessageMeta }[] = [];
  const rejects: Reject[] = [];
  const dec = new AisDecoder({
    onMessage: (msg, meta) => messages.push({ msg, meta }),
    onReject: (r) => rejects.push(r),
  });
  let buf: string[] = [];
  for (const l of lines) {
    buf.push(l);
    if (buf.length >= 5000) {
      dec.push(Buffer.from(`${buf.join('\n')}\n`));
      buf = [];
    }
  }
  dec.push(Buffer.from(`${buf.join('\n')}\n`));
  dec.end();
  return { messages, rejects, badTagBlocks: dec.stats.badTagBlocks };
}
