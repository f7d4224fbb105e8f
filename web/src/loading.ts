/**
 * The map's loading indicator: the steps to a drawn map, each ticked off as it completes, with a
 * progress bar and what is still awaited (the tracks of a large store take seconds).
 */
export interface Loading {
  done(step: string, note?: string): void;
}

export function createLoading(el: HTMLElement, steps: readonly string[]): Loading {
  const finished = new Map<string, string>();
  const bar = document.createElement('progress');
  bar.max = steps.length;
  const text = document.createElement('div');
  el.replaceChildren(text, bar);
  const render = () => {
    bar.value = finished.size;
    const waiting = steps.filter((s) => !finished.has(s));
    text.textContent =
      waiting.length === 0
        ? 'map ready'
        : `Loading the map: ${[...finished].map(([s, n]) => `${s} ✓${n ? ` (${n})` : ''}`).join(', ')}${finished.size ? ' · ' : ''}waiting for ${waiting.join(', ')} (${finished.size} of ${steps.length})`;
    el.hidden = waiting.length === 0;
    el.dataset.progress = `${finished.size}/${steps.length}`;
  };
  render();
  return {
    done(step, note) {
      finished.set(step, note ?? '');
      render();
    },
  };
}
