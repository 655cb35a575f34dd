// Media Capture constrainable properties (§4.3.8, §11): WebIDL conversion of
// MediaTrackConstraints and a small SelectSettings that picks settings for one source
// from its capabilities, or names the constraint that cannot be satisfied.
import { DOMString, boolean, dictionary, double, sequence, type Converter } from './webidl.js';
import { unsignedLongClamp } from './webidl-extra.js';

/** A `(number or range)` constraint value after conversion. */
export type ConstrainNumber = number | { min?: number; max?: number; exact?: number; ideal?: number };
/** A `(boolean or parameters)` constraint value. */
export type ConstrainBool = boolean | { exact?: boolean; ideal?: boolean };
/** A `(DOMString or sequence or parameters)` constraint value. */
export type ConstrainString =
  | string
  | string[]
  | { exact?: string | string[]; ideal?: string | string[] };
/** A `(boolean or DOMString or parameters)` constraint value. */
export type ConstrainBoolOrString = boolean | string | { exact?: boolean | string; ideal?: boolean | string };

/** MediaTrackConstraintSet after conversion (only present members are set). */
export interface MediaTrackConstraintSet {
  width?: ConstrainNumber;
  height?: ConstrainNumber;
  aspectRatio?: ConstrainNumber;
  frameRate?: ConstrainNumber;
  facingMode?: ConstrainString;
  resizeMode?: ConstrainString;
  sampleRate?: ConstrainNumber;
  sampleSize?: ConstrainNumber;
  echoCancellation?: ConstrainBoolOrString;
  autoGainControl?: ConstrainBool;
  noiseSuppression?: ConstrainBool;
  latency?: ConstrainNumber;
  channelCount?: ConstrainNumber;
  deviceId?: ConstrainString;
  groupId?: ConstrainString;
  backgroundBlur?: ConstrainBool;
}

/** MediaTrackConstraints */
export interface MediaTrackConstraints extends MediaTrackConstraintSet {
  advanced?: MediaTrackConstraintSet[];
}

/** A numeric range capability. */
export interface NumberRange {
  min?: number;
  max?: number;
}

/** MediaTrackCapabilities */
export interface MediaTrackCapabilities {
  width?: NumberRange;
  height?: NumberRange;
  aspectRatio?: NumberRange;
  frameRate?: NumberRange;
  facingMode?: string[];
  resizeMode?: string[];
  sampleRate?: NumberRange;
  sampleSize?: NumberRange;
  echoCancellation?: Array<boolean | string>;
  autoGainControl?: boolean[];
  noiseSuppression?: boolean[];
  latency?: NumberRange;
  channelCount?: NumberRange;
  deviceId?: string;
  groupId?: string;
  backgroundBlur?: boolean[];
}

/** MediaTrackSettings */
export interface MediaTrackSettings {
  width?: number;
  height?: number;
  aspectRatio?: number;
  frameRate?: number;
  facingMode?: string;
  resizeMode?: string;
  sampleRate?: number;
  sampleSize?: number;
  echoCancellation?: boolean | string;
  autoGainControl?: boolean;
  noiseSuppression?: boolean;
  latency?: number;
  channelCount?: number;
  deviceId?: string;
  groupId?: string;
  backgroundBlur?: boolean;
}

const isObject = (v: unknown): boolean => (typeof v === 'object' && v !== null) || typeof v === 'function';
const isIterable = (v: unknown): boolean =>
  isObject(v) && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';

function rangeConverter(name: string, num: Converter<number>): Converter<ConstrainNumber> {
  const dict = dictionary(name, {
    exact: { type: num },
    ideal: { type: num },
    max: { type: num },
    min: { type: num },
  });
  // WebIDL union (number or dictionary): null, undefined and objects go to the dictionary.
  return (v, ctx) => (v === null || v === undefined || isObject(v) ? dict(v, ctx) : num(v, ctx));
}

const constrainULong = rangeConverter('ConstrainULongRange', unsignedLongClamp);
const constrainDouble = rangeConverter('ConstrainDoubleRange', double);

const boolParams = dictionary('ConstrainBooleanParameters', {
  exact: { type: boolean },
  ideal: { type: boolean },
});
const constrainBoolean: Converter<ConstrainBool> = (v, ctx) =>
  v === null || v === undefined || isObject(v) ? boolParams(v, ctx) : boolean(v, ctx);

const stringOrSeq: Converter<string | string[]> = (v, ctx) =>
  isIterable(v) && typeof v !== 'string' ? sequence(DOMString)(v, ctx) : DOMString(v, ctx);
const stringParams = dictionary('ConstrainDOMStringParameters', {
  exact: { type: stringOrSeq },
  ideal: { type: stringOrSeq },
});
const constrainDOMString: Converter<ConstrainString> = (v, ctx) => {
  if (isIterable(v)) return sequence(DOMString)(v, ctx);
  if (v === null || v === undefined || isObject(v)) return stringParams(v, ctx);
  return DOMString(v, ctx);
};

const boolOrString: Converter<boolean | string> = (v, ctx) =>
  typeof v === 'boolean' ? v : DOMString(v, ctx);
const boolOrStringParams = dictionary('ConstrainBooleanOrDOMStringParameters', {
  exact: { type: boolOrString },
  ideal: { type: boolOrString },
});
const constrainBoolOrString: Converter<ConstrainBoolOrString> = (v, ctx) =>
  v === null || v === undefined || isObject(v) ? boolOrStringParams(v, ctx) : boolOrString(v, ctx);

const setMembers = {
  width: { type: constrainULong },
  height: { type: constrainULong },
  aspectRatio: { type: constrainDouble },
  frameRate: { type: constrainDouble },
  facingMode: { type: constrainDOMString },
  resizeMode: { type: constrainDOMString },
  sampleRate: { type: constrainULong },
  sampleSize: { type: constrainULong },
  echoCancellation: { type: constrainBoolOrString },
  autoGainControl: { type: constrainBoolean },
  noiseSuppression: { type: constrainBoolean },
  latency: { type: constrainDouble },
  channelCount: { type: constrainULong },
  deviceId: { type: constrainDOMString },
  groupId: { type: constrainDOMString },
  backgroundBlur: { type: constrainBoolean },
};

/** Converter for MediaTrackConstraintSet. */
export const convertConstraintSet = dictionary('MediaTrackConstraintSet', setMembers) as Converter<MediaTrackConstraintSet>;

/** Converter for MediaTrackConstraints. */
export const convertConstraints = dictionary(
  'MediaTrackConstraints',
  { advanced: { type: sequence(convertConstraintSet) } },
  convertConstraintSet,
) as Converter<MediaTrackConstraints>;

/** Names of every constrainable property, for getSupportedConstraints(). */
export const CONSTRAINABLE = Object.keys(setMembers) as Array<keyof MediaTrackConstraintSet>;

/** A deep copy of a plain constraints/capabilities/settings value. */
export function copy<T>(v: T): T {
  return structuredClone(v);
}

interface Normalized<T> {
  exact?: T[];
  ideal?: T[];
  min?: number;
  max?: number;
}

// §4.3.8: a bare value is `ideal` in the basic set and `exact` in an advanced set.
function normalize(v: unknown, bareIsExact: boolean): Normalized<unknown> {
  const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : [x]);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return bareIsExact ? { exact: list(v) } : { ideal: list(v) };
  }
  const o = v as Record<string, unknown>;
  const n: Normalized<unknown> = {};
  if (o.exact !== undefined) n.exact = list(o.exact);
  if (o.ideal !== undefined) n.ideal = list(o.ideal);
  if (typeof o.min === 'number') n.min = o.min;
  if (typeof o.max === 'number') n.max = o.max;
  return n;
}

const NUMERIC = new Set(['width', 'height', 'aspectRatio', 'frameRate', 'sampleRate', 'sampleSize', 'latency', 'channelCount']);
const INTEGER = new Set(['width', 'height', 'sampleRate', 'sampleSize', 'channelCount']);

/** Result of {@link selectSettings}: new settings, or the name of a constraint that failed. */
export type Selection = { settings: MediaTrackSettings } | { failed: string };

/**
 * Media Capture §4.3.8 SelectSettings, simplified for sources with one mode per property:
 * required parts (exact/min/max; bare values in `advanced`) must fit the capabilities,
 * ideals move each setting toward them inside the allowed range, advanced sets are applied
 * in order when they fit. Constraints the source does not have are ignored unless required.
 */
export function selectSettings(
  caps: MediaTrackCapabilities,
  defaults: MediaTrackSettings,
  constraints: MediaTrackConstraints,
): Selection {
  const settings = copy(defaults) as Record<string, unknown>;
  const basic = applySet(caps, settings, constraints, false);
  if (typeof basic === 'string') return { failed: basic };
  for (const set of constraints.advanced ?? []) {
    const trial = { ...settings };
    if (typeof applySet(caps, trial, set, true) !== 'string') Object.assign(settings, trial);
  }
  fixAspectRatio(caps, settings, constraints);
  return { settings: settings as MediaTrackSettings };
}

// Applies one constraint set to `settings` in place; returns the failing name, if any.
function applySet(
  caps: MediaTrackCapabilities,
  settings: Record<string, unknown>,
  set: MediaTrackConstraintSet,
  bareIsExact: boolean,
): string | undefined {
  for (const name of CONSTRAINABLE) {
    const value = set[name];
    if (value === undefined) continue;
    const c = normalize(value, bareIsExact);
    const required = c.exact !== undefined || c.min !== undefined || c.max !== undefined;
    const cap = (caps as Record<string, unknown>)[name];
    if (cap === undefined) {
      if (required) return name;
      continue;
    }
    if (NUMERIC.has(name)) {
      const range = cap as NumberRange;
      let lo = Math.max(range.min ?? -Infinity, c.min ?? -Infinity);
      let hi = Math.min(range.max ?? Infinity, c.max ?? Infinity);
      const exact = c.exact?.[0];
      if (typeof exact === 'number') {
        if (exact < lo || exact > hi) return name;
        lo = hi = exact;
      }
      if (lo > hi) return name;
      const ideal = c.ideal?.[0];
      const current = settings[name];
      const target = typeof ideal === 'number' ? ideal : typeof current === 'number' ? current : lo;
      let v = Math.min(hi, Math.max(lo, target));
      if (INTEGER.has(name)) v = Math.round(v);
      settings[name] = v;
      continue;
    }
    // Discrete properties: capabilities are the allowed values (a single string for ids).
    const allowed: unknown[] = Array.isArray(cap) ? cap : [cap];
    if (c.exact !== undefined) {
      const hit = c.exact.find((x) => allowed.includes(x));
      if (hit === undefined) return name;
      settings[name] = hit;
      continue;
    }
    const idealHit = c.ideal?.find((x) => allowed.includes(x));
    if (idealHit !== undefined) settings[name] = idealHit;
  }
  return undefined;
}

// Keeps width, height and aspectRatio consistent: an aspectRatio constraint without a
// height constraint picks the height; then aspectRatio is what width and height give.
function fixAspectRatio(
  caps: MediaTrackCapabilities,
  s: Record<string, unknown>,
  constraints: MediaTrackConstraints,
): void {
  if (typeof s.width !== 'number' || typeof s.height !== 'number') return;
  const sets = [constraints, ...(constraints.advanced ?? [])];
  const ar = s.aspectRatio;
  if (sets.some((x) => x.aspectRatio !== undefined) && !sets.some((x) => x.height !== undefined)) {
    if (typeof ar === 'number' && ar > 0) {
      const h = Math.round(s.width / ar);
      s.height = Math.min(caps.height?.max ?? h, Math.max(caps.height?.min ?? h, h));
    }
  }
  const height = s.height as number;
  if (height > 0) s.aspectRatio = s.width / height;
}
