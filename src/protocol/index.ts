// Public face of the protocol layer: shared engine types. Each engine folder has its own index.
export { addressKey, sameAddress, type Address, type Random, type Transmit } from './types.js';
