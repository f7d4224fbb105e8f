/**
 * Container and stacking parameters, each a named, editable value with its source.
 * Outside dimensions: ISO 668 (docs/sources.md "Containers"); tier heights: standard 8 ft 6 in, high
 * cube 9 ft 6 in (ISO 668). The gap between boxes standing end to end or side by side in a quay
 * stack is not standardised: 0–0.6 m covers twistlock-to-twistlock block stows (≈0.08 m) up to
 * straddle-carrier lanes kept tight; a typical 0.3 m is used for the best estimate.
 */

export type ContainerSize = 20 | 40;

export const CONTAINER_LENGTH_M: Record<ContainerSize, number> = { 20: 6.058, 40: 12.192 };
export const CONTAINER_WIDTH_M = 2.438;
export const TIER_HEIGHT_M = { standard: 2.591, highCube: 2.896 } as const;

export const STACK_GAP_M = { min: 0, typical: 0.3, max: 0.6 } as const;

/** Sun below this, a shadow length says nothing reliable about height (tan grows without bound, ground texture dominates). */
export const MIN_SUN_ELEVATION_FOR_SHADOW_DEG = 5;

/** Default placement error of a drawn edge, pixels (each edge, either way). */
export const DEFAULT_EDGE_PX = 1;
