export * from './bus/index.js';
export * from './config/index.js';
export * from './errors/index.js';
