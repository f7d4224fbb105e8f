/**
 * The imagery page: the stored images; on one, draw a container stack (rectangle) or a ship
 * (bow–stern line) and measure it with the imagery module (counts with their ranges, candidate
 * vessels), see earlier measurements drawn over the image, and open a stack in the 3D view
 * (web/imagery3d.html, the imagery module's page).
 */
import { getJson, postJson } from '../api.js';
import { html, isoMinute, num } from '../format.js';

interface Range {
  min: number;
  best: number;
  max: number;
}
interface Image {
  sha256: string;
  fileName: string;
  format: string;
  widthPx: number;
  heightPx: number;
  gsdM: number | null;
  acquiredMs: number | null;
  sensor: string | null;
  footprint: [number, number][] | null;
}
interface Measurement {
  id: number;
  kind: 'stack' | 'ship';
  geometry: {
    rect?: { cx: number; cy: number; lengthPx: number; widthPx: number; angleDeg: number };
    line?: [[number, number], [number, number]];
  };
  result: { counts?: Array<{ size: number; containers: Range }>; lengthM?: Range };
  createdMs: number;
}
interface StackResult {
  measurement: {
    lengthM: Range;
    widthM: Range;
    counts: Array<{ size: number; bays: Range; rows: Range; tiers: Range; containers: Range }>;
  };
  containerObservationId: number | null;
  notes: string[];
}
interface ShipResult {
  measurement: { lengthM: Range; headingDeg: number };
  candidates: Array<{
    vessel: { name: string; mmsi: number | null; lengthM: number };
    lengthZ: number;
    score: number;
  }>;
  notes: string[];
}

const rng = (r: Range, digits = 0) =>
  r.min === r.max
    ? num(r.best, digits)
    : `${num(r.best, digits)} (${num(r.min, digits)}–${num(r.max, digits)})`;

export async function renderImagery(el: HTMLElement): Promise<void> {
  const { images } = await getJson<{ images: Image[] }>('api/images');
  if (images.length === 0) {
    el.innerHTML = html`<h1>Imagery</h1>
      <p class="unavailable">No images in the store yet: <code>tallyman image sample</code> adds a SIMULATED one to try, <code>tallyman image add FILE --acquired TIME --grade B2</code> a real one
        (with a world file beside it, or <code>--gcp lon,lat,x,y</code> ×3). Then measure stacks and ships here.</p>
      <p><a href="imagery3d.html" target="_blank" rel="noopener">The 3D view with its worked example</a> (the imagery module's page).</p>`.__raw;
    return;
  }
  let current = images[0]!;
  let tool: 'stack' | 'ship' = 'stack';
  let drawn: { x0: number; y0: number; x1: number; y1: number } | null = null;

  const render = async () => {
    const { measurements } = await getJson<{ measurements: Measurement[] }>(
      `api/images/${current.sha256}/measurements`,
    );
    const w = current.widthPx;
    const h = current.heightPx;
    el.innerHTML = html`<h1>Imagery</h1>
      <p><label>image <select name="image">${images.map(
        (i) =>
          html`<option value="${i.sha256}" ${i.sha256 === current.sha256 ? 'selected' : ''}>${i.fileName} · ${i.sensor ?? ''} ${isoMinute(i.acquiredMs)}</option>`,
      )}</select></label>
        ${w}×${h} px, ${current.gsdM === null ? 'not georeferenced' : `${num(current.gsdM, 2)} m/px`}
        · <a href="imagery3d.html" target="_blank" rel="noopener">3D view (example)</a></p>
      <p class="tools">
        <label><input type="radio" name="tool" value="stack" ${tool === 'stack' ? 'checked' : ''}> stack (drag a rectangle)</label>
        <label><input type="radio" name="tool" value="ship" ${tool === 'ship' ? 'checked' : ''}> ship (drag bow → stern)</label>
        <label>angle° <input name="angle" type="number" value="0" step="0.5" size="4"></label>
        <label>shadow px <input name="shadow" type="number" min="0" step="0.5" size="5"></label>
        <label>or tiers <input name="tiers" type="number" min="1" step="1" size="3"></label>
        <label>size <select name="size"><option value="20">20 ft</option><option value="40">40 ft</option></select></label>
        <label>MMSI (ship) <input name="mmsi" size="10"></label>
        <button type="button" class="measure">Measure</button>
      </p>
      <div class="imgwrap">
        <img src="api/images/${current.sha256}/file" alt="${current.fileName}" width="${w}" height="${h}">
        <svg viewBox="0 0 ${w} ${h}" class="overlay">
          ${measurements.map((m) => {
            const r = m.geometry.rect;
            if (m.kind === 'stack' && r) {
              return html`<rect x="${r.cx - r.lengthPx / 2}" y="${r.cy - r.widthPx / 2}" width="${r.lengthPx}" height="${r.widthPx}" transform="rotate(${r.angleDeg} ${r.cx} ${r.cy})" class="m-stack"><title>#${m.id} stack</title></rect>`;
            }
            const l = m.geometry.line;
            return l
              ? html`<line x1="${l[0][0]}" y1="${l[0][1]}" x2="${l[1][0]}" y2="${l[1][1]}" class="m-ship"><title>#${m.id} ship</title></line>`
              : '';
          })}
          <g class="drawing"></g>
        </svg>
      </div>
      <output class="result"></output>
      <h3>Measurements on this image</h3>
      <table class="list"><thead><tr><th>#</th><th>kind</th><th>result</th><th>when</th></tr></thead><tbody>${measurements.map(
        (m) =>
          html`<tr><td>${m.id}</td><td>${m.kind}</td><td>${
            m.kind === 'stack'
              ? (m.result.counts ?? []).map((c) => `${c.size} ft: ${rng(c.containers)} containers`).join('; ')
              : m.result.lengthM
                ? `length ${rng(m.result.lengthM, 1)} m`
                : ''
          }</td><td>${isoMinute(m.createdMs)}</td></tr>`,
      )}</tbody></table>`.__raw;
    wire();
  };

  const svgPoint = (svg: SVGSVGElement, e: PointerEvent): [number, number] => {
    const b = svg.getBoundingClientRect();
    return [
      ((e.clientX - b.left) / b.width) * current.widthPx,
      ((e.clientY - b.top) / b.height) * current.heightPx,
    ];
  };

  const wire = () => {
    el.querySelector<HTMLSelectElement>('select[name=image]')!.onchange = (e) => {
      current = images.find((i) => i.sha256 === (e.target as HTMLSelectElement).value) ?? current;
      drawn = null;
      void render();
    };
    for (const r of el.querySelectorAll<HTMLInputElement>('input[name=tool]')) {
      r.onchange = () => {
        tool = r.value as 'stack' | 'ship';
      };
    }
    const svg = el.querySelector<SVGSVGElement>('svg.overlay')!;
    const g = svg.querySelector('g.drawing')!;
    const draw = () => {
      if (!drawn) return;
      const { x0, y0, x1, y1 } = drawn;
      g.innerHTML =
        tool === 'stack'
          ? `<rect x="${Math.min(x0, x1)}" y="${Math.min(y0, y1)}" width="${Math.abs(x1 - x0)}" height="${Math.abs(y1 - y0)}" class="d-stack"></rect>`
          : `<line x1="${x0}" y1="${y0}" x2="${x1}" y2="${y1}" class="d-ship"></line>`;
    };
    svg.onpointerdown = (e) => {
      const [x, y] = svgPoint(svg, e);
      drawn = { x0: x, y0: y, x1: x, y1: y };
      svg.setPointerCapture(e.pointerId);
      svg.onpointermove = (m) => {
        const [x1, y1] = svgPoint(svg, m);
        drawn = { ...drawn!, x1, y1 };
        draw();
      };
    };
    svg.onpointerup = () => {
      svg.onpointermove = null;
    };
    el.querySelector<HTMLButtonElement>('button.measure')!.onclick = () => void measure();
  };

  const val = (name: string) => el.querySelector<HTMLInputElement>(`[name=${name}]`)!.value;

  const measure = async () => {
    const out = el.querySelector<HTMLOutputElement>('output.result')!;
    if (!drawn) {
      out.textContent = 'draw on the image first';
      return;
    }
    const { x0, y0, x1, y1 } = drawn;
    try {
      if (tool === 'stack') {
        const body: Record<string, unknown> = {
          rect: {
            cx: (x0 + x1) / 2,
            cy: (y0 + y1) / 2,
            lengthPx: Math.max(1, Math.abs(x1 - x0)),
            widthPx: Math.max(1, Math.abs(y1 - y0)),
            angleDeg: Number(val('angle')) || 0,
          },
          size: Number(val('size')),
        };
        if (val('shadow')) body.shadowPx = Number(val('shadow'));
        if (val('tiers')) body.tiers = Number(val('tiers'));
        const r = await postJson<StackResult>(`api/images/${current.sha256}/measure/stack`, body);
        const blob = URL.createObjectURL(new Blob([JSON.stringify(r)], { type: 'application/json' }));
        await render();
        const res = el.querySelector<HTMLOutputElement>('output.result')!;
        res.innerHTML =
          html`<p>length ${rng(r.measurement.lengthM, 1)} m × width ${rng(r.measurement.widthM, 1)} m:
          ${r.measurement.counts.map((c) => html`<b>${c.size} ft: ${rng(c.containers)} containers</b> (${rng(c.bays)} bays × ${rng(c.rows)} rows × ${rng(c.tiers)} tiers) `)}
          ${r.containerObservationId !== null ? `· recorded as container observation ${r.containerObservationId}` : ''}
          · <a href="imagery3d.html?measure=${encodeURIComponent(blob)}&image=${encodeURIComponent(`api/images/${current.sha256}/file`)}" target="_blank" rel="noopener">view in 3D</a></p>
          ${r.notes.map((n) => html`<p class="muted">${n}</p>`)}`.__raw;
      } else {
        const body: Record<string, unknown> = {
          line: [
            [x0, y0],
            [x1, y1],
          ],
        };
        if (val('mmsi')) body.mmsi = Number(val('mmsi'));
        const r = await postJson<ShipResult>(`api/images/${current.sha256}/measure/ship`, body);
        await render();
        el.querySelector<HTMLOutputElement>('output.result')!.innerHTML =
          html`<p>length ${rng(r.measurement.lengthM, 1)} m, heading ${num(r.measurement.headingDeg)}°.
          Candidates: ${r.candidates.slice(0, 5).map((c) => html`<span class="chip">${c.vessel.name} (${num(c.vessel.lengthM)} m, z ${num(c.lengthZ, 1)})</span>`)}</p>
          ${r.notes.map((n) => html`<p class="muted">${n}</p>`)}`.__raw;
      }
    } catch (err) {
      out.textContent = (err as Error).message;
    }
  };
  await render();
}
