// purertc: the W3C WebRTC API for Node.js.
export * from './api/index.js';
