// The table of every interface the polyfill installs, name -> interface object.
// Each W3C class adds itself here when it lands.

/** Interface name -> interface object. */
export const interfaces: Record<string, unknown> = {};
