export * from './bearing.js';
export * from './distance.js';
export * from './ellipse.js';
export * from './polygon.js';
