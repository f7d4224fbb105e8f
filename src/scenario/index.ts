/** The scenario simulator's public API (see README.md). */
export { classBStaticBits, positionBits, staticVoyageBits } from './ais-encode.js';
export { nmeaChecksum, tagBlock, vdmSentences } from './nmea-write.js';
export { DMA_HEADER, dmaLines, nmeaLines, truthJson } from './output.js';
export {
  formatScenarioErrors,
  type ParseResult,
  parseScenario,
  type Scenario,
  type ScenarioError,
  scenarioSchema,
  validateScenario,
} from './schema.js';
export {
  copyReception,
  type Reception,
  runSimulation,
  type SimulationResult,
  type StreamedSimulation,
  simulateScenario,
} from './simulate.js';
export type { Truth } from './truth.js';
export { scenarioFileNames, type WrittenFile, writeResult, writeScenario } from './write.js';
