/** The estimate's public API (see README.md). */
export { type CountModel, type CountSource, countModels } from './counts.js';
export {
  compile,
  compileShares,
  type Distribution,
  describe,
  type SharesDistribution,
  Z90,
} from './distributions.js';
export {
  DEFAULT_SAMPLES,
  DEFAULT_SEED,
  type EstimateOptions,
  estimate,
  parameterSummaries,
} from './estimate.js';
export { toCsv } from './format-csv.js';
export { toTable } from './format-table.js';
export { DEFAULT_RATES, inputFromScenario, type ObservationRates, publishedClaims } from './from-scenario.js';
export {
  type Claim,
  type ContainerObservation,
  type EstimateInput,
  estimateInputSchema,
  type FleetCapacity,
  parseEstimateInput,
  type ShipmentInput,
} from './input.js';
export {
  type EstimateParams,
  formatParamErrors,
  type ParamError,
  type ParamsResult,
  parseParams,
  validateParams,
} from './params.js';
export { overlaps, type Quantiles, quantiles } from './quantiles.js';
export type * from './result.js';
export { type Tornado, tornado, type VarianceShare } from './sensitivity.js';
