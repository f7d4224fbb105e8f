/**
 * The assisted counter on synthetic quay images with known boxes. Seeds 1–5 were used while
 * setting the suggester's thresholds; the figures below are from other seeds (21+), so they are
 * not fitted to the images they are measured on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dominantOrientations, MAX_SUGGEST_GSD_M, suggestContainers } from '../../src/imagery/suggest.js';
import { renderQuay } from '../../src/imagery/synth.js';
import { scenePlanes, scoreSuggestions } from './scoring.js';

const LEVELS = [
  { name: 'low', noiseSigma: 4, seeds: [21] },
  { name: 'moderate', noiseSigma: 8, seeds: [23, 24, 25] },
  { name: 'high', noiseSigma: 15, seeds: [26] },
] as const;

test('assisted counting: precision and recall on synthetic quays (printed); ≥ 0.9 each at moderate noise', () => {
  const lines = ['noise     σ   seed  sun el/az   boxes  suggested  TP   FP  FN  precision  recall  ms'];
  const totals: Record<string, { tp: number; fp: number; fn: number }> = {};
  for (const level of LEVELS) {
    const t = { tp: 0, fp: 0, fn: 0 };
    for (const seed of level.seeds) {
      const sun = { elevationDeg: 25 + ((seed * 7) % 35), azimuthDeg: 100 + ((seed * 37) % 160) };
      const scene = renderQuay({
        seed,
        widthPx: 600,
        heightPx: 450,
        gsdM: 0.3,
        noiseSigma: level.noiseSigma,
        blurPx: 0.6,
        sun,
        blocks: 10,
      });
      const t0 = performance.now();
      const r = suggestContainers(scenePlanes(scene), scene.widthPx, scene.heightPx, { gsdM: scene.gsdM });
      const ms = performance.now() - t0;
      const s = scoreSuggestions(r.suggestions, scene.containers);
      t.tp += s.truePositives;
      t.fp += s.falsePositives;
      t.fn += s.falseNegatives;
      lines.push(
        `${level.name.padEnd(9)} ${String(level.noiseSigma).padStart(2)}  ${String(seed).padStart(4)}  ${sun.elevationDeg.toFixed(0).padStart(3)}/${sun.azimuthDeg.toFixed(0).padStart(3)}    ${String(scene.containers.length).padStart(5)}  ${String(r.suggestions.length).padStart(9)}  ${String(s.truePositives).padStart(3)} ${String(s.falsePositives).padStart(4)} ${String(s.falseNegatives).padStart(3)}  ${s.precision.toFixed(3).padStart(9)}  ${s.recall.toFixed(3).padStart(6)}  ${ms.toFixed(0)}`,
      );
    }
    totals[level.name] = t;
    lines.push(
      `${level.name.padEnd(9)} all: precision ${(t.tp / (t.tp + t.fp)).toFixed(3)}, recall ${(t.tp / (t.tp + t.fn)).toFixed(3)}`,
    );
  }
  console.log(`assisted counter, 600×450 px at 0.3 m, 20 ft and 40 ft blocks\n${lines.join('\n')}`);
  const m = totals.moderate as { tp: number; fp: number; fn: number };
  assert.ok(m.tp / (m.tp + m.fp) >= 0.9, 'precision at moderate noise');
  assert.ok(m.tp / (m.tp + m.fn) >= 0.9, 'recall at moderate noise');
  // More noise never helps: recall at high noise is below recall at low noise.
  const lo = totals.low as { tp: number; fn: number };
  const hi = totals.high as { tp: number; fn: number };
  assert.ok(hi.tp / (hi.tp + hi.fn) < lo.tp / (lo.tp + lo.fn));
});

test('the dominant orientation is the quay direction (within 2°, folded to 90°)', () => {
  for (const seed of [31, 32]) {
    const s = renderQuay({
      seed,
      widthPx: 400,
      heightPx: 300,
      gsdM: 0.3,
      noiseSigma: 8,
      blurPx: 0.6,
      sun: { elevationDeg: 40, azimuthDeg: 150 },
      blocks: 6,
    });
    const [first] = dominantOrientations(s.gray, s.widthPx, s.heightPx);
    const d = Math.abs((((((first ?? 0) - s.quayAngleDeg) % 90) + 135) % 90) - 45);
    assert.ok(d < 2, `seed ${seed}: found ${first}, quay ${s.quayAngleDeg}`);
  }
});

test('no suggestions on images too coarse to see single boxes, nor on plain ground', () => {
  const s = renderQuay({
    seed: 41,
    widthPx: 200,
    heightPx: 150,
    gsdM: 0.3,
    noiseSigma: 8,
    blurPx: 0.6,
    sun: { elevationDeg: 40, azimuthDeg: 150 },
    blocks: 3,
  });
  const coarse = suggestContainers(scenePlanes(s), s.widthPx, s.heightPx, { gsdM: MAX_SUGGEST_GSD_M + 0.1 });
  assert.equal(coarse.suggestions.length, 0);
  const empty = renderQuay({
    seed: 42,
    widthPx: 200,
    heightPx: 150,
    gsdM: 0.3,
    noiseSigma: 8,
    blurPx: 0.6,
    sun: { elevationDeg: 40, azimuthDeg: 150 },
    blocks: 0,
  });
  assert.equal(empty.containers.length, 0);
  assert.ok(
    suggestContainers(scenePlanes(empty), empty.widthPx, empty.heightPx, { gsdM: 0.3 }).suggestions.length <=
      1,
  );
});

test('suggestOn: an added image is read back from the evidence store and counted', async () => {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { PNG } = await import('pngjs');
  const { openStore } = await import('../../src/store/index.js');
  const { addImageFile, suggestOn } = await import('../../src/imagery/service.js');
  const { tempDir } = await import('../cli/run-cli.js');
  const dir = tempDir();
  const scene = renderQuay({
    seed: 51,
    widthPx: 300,
    heightPx: 240,
    gsdM: 0.3,
    noiseSigma: 6,
    blurPx: 0.6,
    sun: { elevationDeg: 45, azimuthDeg: 170 },
    blocks: 3,
  });
  const png = new PNG({ width: scene.widthPx, height: scene.heightPx });
  for (let i = 0; i < scene.widthPx * scene.heightPx; i++) {
    for (let c = 0; c < 3; c++) png.data[4 * i + c] = scene.rgb[3 * i + c] as number;
    png.data[4 * i + 3] = 255;
  }
  const path = join(dir, 'quay.png');
  writeFileSync(path, PNG.sync.write(png));
  const store = await openStore({ path: join(dir, 't.db') });
  try {
    const ctx = { db: await store.db(), store, evidenceDir: join(dir, 'evidence'), actor: 'tester' };
    const deg = 0.3 / 111_195;
    const gcps = [
      { lon: 130.3, lat: 42.25, x: 0, y: 0 },
      { lon: 130.3 + (300 * deg) / Math.cos((42.25 * Math.PI) / 180), lat: 42.25, x: 300, y: 0 },
      { lon: 130.3, lat: 42.25 - 240 * deg, x: 0, y: 240 },
    ];
    const added = await addImageFile(ctx, path, { gcps });
    const r = await suggestOn(ctx, added.image.sha256);
    assert.ok(Math.abs(r.gsdM - 0.3) < 0.01);
    const s = scoreSuggestions(r.suggestions, scene.containers);
    assert.ok(s.recall >= 0.8 && s.precision >= 0.8, JSON.stringify(s));
  } finally {
    await store.close();
  }
});
