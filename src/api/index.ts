// Public face of the W3C API layer.
export { installGlobals, type InstallOptions } from './install.js';
export { interfaces } from './interfaces.js';
