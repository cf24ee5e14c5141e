export * from './config/index.js';
export * from './env/index.js';
export * from './runtime/index.js';
export * from './service-host/index.js';
