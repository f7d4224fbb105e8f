export * from './bundled.js';
export * from './compile.js';
export * from './geojson.js';
export * from './registry.js';
export * from './types.js';
