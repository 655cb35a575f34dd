// `on<event>` attributes with the semantics of HTML's event handler IDL attributes:
// the listener is registered when a handler is first set and keeps its place in the
// listener list while the handler is replaced; setting null removes it.

type Handler = ((this: EventTarget, ev: Event) => unknown) | null;

/** The type of an `on<event>` attribute. */
export type EventHandler<T, E extends Event = Event> = ((this: T, ev: E) => unknown) | null;

interface Slot {
  value: Handler | object;
  listener: (ev: Event) => void;
}

const slots = new WeakMap<EventTarget, Map<string, Slot>>();
const noop = (): void => undefined;
const removeListener = EventTarget.prototype.removeEventListener;

/** WebIDL brand check: only real EventTarget instances (not prototypes) pass. */
function checkThis(value: unknown, cls: { prototype: object }): asserts value is EventTarget {
  if (!(value instanceof (cls as unknown as typeof EventTarget))) throw new TypeError('Illegal invocation');
  // Node's EventTarget methods check the internal brand; removing a listener that was
  // never added is otherwise a no-op.
  removeListener.call(value, '', noop);
}

function slotsOf(target: EventTarget): Map<string, Slot> {
  let m = slots.get(target);
  if (!m) {
    m = new Map();
    slots.set(target, m);
  }
  return m;
}

/** Defines `on<type>` accessors on `cls.prototype` for each event type. */
export function defineEventHandlers(cls: { prototype: EventTarget }, types: readonly string[]): void {
  for (const type of types) {
    Reflect.defineProperty(cls.prototype, `on${type}`, {
      enumerable: true,
      configurable: true,
      get(this: EventTarget) {
        checkThis(this, cls);
        return slots.get(this)?.get(type)?.value ?? null;
      },
      set(this: EventTarget, value: unknown) {
        checkThis(this, cls);
        const map = slotsOf(this);
        // HTML: [LegacyTreatNonObjectAsNull] — non-objects become null.
        const handler = (typeof value === 'object' || typeof value === 'function') && value !== null ? value : null;
        const existing = map.get(type);
        if (handler === null) {
          if (existing) {
            this.removeEventListener(type, existing.listener);
            map.delete(type);
          }
          return;
        }
        if (existing) {
          existing.value = handler;
          return;
        }
        const target = this;
        const slot: Slot = {
          value: handler,
          listener(ev: Event) {
            const h = slot.value;
            if (typeof h !== 'function') return;
            const ret = (h as (this: EventTarget, e: Event) => unknown).call(target, ev);
            if (ret === false) ev.preventDefault();
          },
        };
        map.set(type, slot);
        this.addEventListener(type, slot.listener);
      },
    });
    const desc = Reflect.getOwnPropertyDescriptor(cls.prototype, `on${type}`)!;
    // WebIDL §3.7.6: accessor functions are named "get <attr>" / "set <attr>".
    Reflect.defineProperty(desc.get!, 'name', { value: `get on${type}`, configurable: true });
    Reflect.defineProperty(desc.set!, 'name', { value: `set on${type}`, configurable: true });
  }
}
