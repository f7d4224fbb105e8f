/**
 * The time slider: a range (two handles, day steps) over the dataset's period, and "play", which
 * slides a window of the chosen width through the period. Every change is reported to `onChange`,
 * which filters the map and the lists.
 */
import { isoDay } from './format.js';

const DAY_MS = 86_400_000;

export interface Timeline {
  range(): [number, number];
  set(fromMs: number, toMs: number): void;
}

export function createTimeline(
  el: HTMLElement,
  period: { fromMs: number; toMs: number },
  onChange: (fromMs: number, toMs: number) => void,
): Timeline {
  const start = Math.floor(period.fromMs / DAY_MS) * DAY_MS;
  const days = Math.max(1, Math.ceil((period.toMs - start) / DAY_MS));
  el.innerHTML = `
    <button type="button" class="play" aria-label="play" title="play through the period">▶</button>
    <div class="sliders">
      <input type="range" class="from" min="0" max="${days}" value="0" step="1" aria-label="from">
      <input type="range" class="to" min="0" max="${days}" value="${days}" step="1" aria-label="to">
    </div>
    <output class="label"></output>
    <button type="button" class="all" title="the whole period">all</button>`;
  const from = el.querySelector<HTMLInputElement>('.from')!;
  const to = el.querySelector<HTMLInputElement>('.to')!;
  const label = el.querySelector<HTMLOutputElement>('.label')!;
  const play = el.querySelector<HTMLButtonElement>('.play')!;
  let timer: number | null = null;

  const current = (): [number, number] => {
    const a = Math.min(Number(from.value), Number(to.value));
    const b = Math.max(Number(from.value), Number(to.value));
    return [start + a * DAY_MS, Math.min(period.toMs, start + (b + 1) * DAY_MS - 1)];
  };
  const emit = () => {
    const [a, b] = current();
    label.textContent = `${isoDay(a)} → ${isoDay(b)}`;
    el.dataset.fromMs = String(a);
    el.dataset.toMs = String(b);
    onChange(a, b);
  };
  from.addEventListener('input', emit);
  to.addEventListener('input', emit);
  el.querySelector<HTMLButtonElement>('.all')!.addEventListener('click', () => {
    from.value = '0';
    to.value = String(days);
    emit();
  });
  const stop = () => {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
    play.textContent = '▶';
  };
  play.addEventListener('click', () => {
    if (timer !== null) return stop();
    // A window as wide as the current selection (at least 30 days) moves a week per tick.
    let width = Math.max(30, Math.abs(Number(to.value) - Number(from.value)));
    if (width >= days) {
      // The whole period selected: play a 30-day window from the start (a window as wide as the
      // period would have nowhere to move, and play stopped at its first step).
      width = 30;
      from.value = '0';
      to.value = '30';
      emit();
    }
    play.textContent = '❚❚';
    timer = window.setInterval(() => {
      const a = Number(from.value) + 7;
      if (a + Math.min(width, days) > days) return stop();
      from.value = String(a);
      to.value = String(a + Math.min(width, days - 1));
      emit();
    }, 400);
  });
  emit();
  return {
    range: current,
    set(fromMs, toMs) {
      from.value = String(Math.max(0, Math.floor((fromMs - start) / DAY_MS)));
      to.value = String(Math.min(days, Math.floor((toMs - start) / DAY_MS)));
      emit();
    },
  };
}
