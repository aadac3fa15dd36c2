export * from './hybrid-signature.js';
export * from './quid.js';
export * from './random.js';
