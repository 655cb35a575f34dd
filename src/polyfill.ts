// `import 'purertc/polyfill'` installs every WebRTC interface on globalThis,
// leaving interfaces that already exist in place.
import { installGlobals } from './api/index.js';

installGlobals();

export { installGlobals };
