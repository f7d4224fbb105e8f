/** What every detector is given besides the track: the parameters and the areas, compiled once. */
import { type CompiledAreas, compileAreas } from '../areas/compile.js';
import type { Area } from '../areas/types.js';
import type { EventParams } from './params.js';

export interface DetectContext {
  params: Readonly<EventParams>;
  areas: readonly Area[];
  /** Boxes grown by the widest port exit margin: port-call entry and exit tests. */
  portIndex: CompiledAreas;
  /** Boxes grown by the widest "away from areas" distance: stops, loitering, encounters, gaps. */
  awayIndex: CompiledAreas;
}

export function makeContext(areas: readonly Area[], params: Readonly<EventParams>): DetectContext {
  let exitMargin = params.portExitMarginM;
  for (const a of areas) exitMargin = Math.max(exitMargin, a.thresholds?.portExitMarginM ?? 0);
  const away = Math.max(
    exitMargin,
    params.gapNearAreaM,
    params.encounterMinAreaDistanceM,
    params.loiterMinAreaDistanceM,
  );
  return {
    params,
    areas,
    portIndex: compileAreas(areas, exitMargin),
    awayIndex: compileAreas(areas, away),
  };
}
