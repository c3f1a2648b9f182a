/**
 * What the machine stores is its own: every inbound value is copied once, before anything
 * validates it, into frozen data nobody else holds. Each property is read exactly once, so a
 * getter that answers differently on each read cannot pass validation with one value and be
 * filed with another, and a caller who mutates its object afterwards changes nothing stored.
 *
 * Plain objects and arrays are copied member by member and frozen; an instance of a class keeps
 * its prototype (so `identity()`/`rank()` methods still work) with its own fields copied; built-in
 * values whose state lives in hidden slots (Date, Map, Set, RegExp, typed arrays) are copied with
 * `structuredClone`; functions and primitives are shared, as they cannot be changed. What cannot
 * be copied (a WeakMap, a Promise, a throwing getter or Proxy trap) is refused. A cycle is copied
 * as the same cycle. The work is bounded: nesting deeper than `MAX_COPY_DEPTH` or more than
 * `MAX_COPY_VALUES` values in one argument are refused.
 */
import { describeError, describeValue } from '../guard/describe';

export const MAX_COPY_DEPTH = 64;
export const MAX_COPY_VALUES = 1_000_000;

/** Why a value could not be copied (a problem readable by a person). */
export class NotCopyable {
  constructor(readonly problem: string) {}
}

/**
 * Values an edge of this package decoded from JSON it parsed itself (the guarded inbound path):
 * deeply frozen plain data that nobody can change, each with the codec that decoded it. The
 * machine takes such a value as it is when it reads it with that codec: copying it again, or
 * decoding it again, would give the same data. Keys are weak: nothing is kept beyond the values.
 */
const decodedAtEdge = new WeakMap<object, unknown>();

/**
 * Freeze `value`, plain JSON data this package parsed itself and decoded with `codec` (nobody
 * else holds a reference that existed before the parse), and remember it as decoded by `codec`.
 * Anything that is not plain data (a class instance, more than `MAX_COPY_VALUES` values or
 * `MAX_COPY_DEPTH` levels) is left as it is and not remembered: the machine copies it as usual.
 */
export function adoptDecoded(value: unknown, codec: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  const pending: { readonly value: object; readonly depth: number }[] = [{ value, depth: 0 }];
  const objects: object[] = [];
  // Counted as `ownCopy` counts: every value under the root, so both take and refuse the same.
  let values = 0;
  while (pending.length > 0) {
    const next = pending.pop()!;
    const proto = Object.getPrototypeOf(next.value) as unknown;
    const plain = proto === Object.prototype || (proto === Array.prototype && Array.isArray(next.value));
    if (!plain || next.depth >= MAX_COPY_DEPTH) return;
    objects.push(next.value);
    const members = Object.values(next.value);
    values += members.length;
    if (values > MAX_COPY_VALUES) return;
    for (const member of members)
      if (typeof member === 'object' && member !== null)
        pending.push({ value: member as object, depth: next.depth + 1 });
  }
  for (const object of objects) Object.freeze(object);
  decodedAtEdge.set(value, codec);
}

/** Whether `value` was adopted by `adoptDecoded` as decoded by `codec` (never without a codec). */
export const decodedBy = (value: unknown, codec: unknown): boolean =>
  // A WeakMap answers undefined for a primitive key.
  codec !== undefined && decodedAtEdge.get(value as object) === codec;

/** A frozen copy of `value`, read once; throws `NotCopyable` and nothing else. */
export function ownCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  try {
    return new Copier().object(value, 0) as T;
  } catch (err) {
    if (err instanceof NotCopyable) throw err;
    throw new NotCopyable(`reading it threw ${describeError(err)}`);
  }
}

const SHARED_SLOTS = [WeakMap, WeakSet, WeakRef, Promise] as const;
const CLONED_SLOTS = [Date, Map, Set, RegExp, ArrayBuffer] as const;

class Copier {
  private left = MAX_COPY_VALUES;
  /** Objects copied so far, for cycles and shared members; made only once something nests. */
  private copies: Map<object, object> | undefined;
  private root: object | undefined;
  private rootCopy: object | undefined;

  value(value: unknown, depth: number): unknown {
    if (--this.left < 0) throw new NotCopyable(`more than ${MAX_COPY_VALUES} values`);
    if (typeof value !== 'object' || value === null) return value;
    if (value === this.root) return this.rootCopy;
    this.copies ??= new Map();
    return this.copies.get(value) ?? this.object(value, depth);
  }

  object(value: object, depth: number): object {
    if (depth >= MAX_COPY_DEPTH) throw new NotCopyable(`nested deeper than ${MAX_COPY_DEPTH}`);
    if (Array.isArray(value)) {
      const length = value.length;
      if (length > this.left) throw new NotCopyable(`more than ${MAX_COPY_VALUES} values`);
      const copy = new Array<unknown>(length);
      this.remember(value, copy, depth);
      for (let i = 0; i < length; i++) copy[i] = this.value(value[i], depth + 1);
      return Object.freeze(copy);
    }
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== Object.prototype && proto !== null) {
      if (ArrayBuffer.isView(value) || CLONED_SLOTS.some((type) => value instanceof type)) {
        const cloned = structuredClone(value);
        this.remember(value, cloned, depth);
        return cloned;
      }
      if (SHARED_SLOTS.some((type) => value instanceof type)) {
        throw new NotCopyable(`expected data that can be copied, got ${describeValue(value)}`);
      }
    }
    const plain = proto === Object.prototype;
    const copy = (plain ? {} : Object.create(proto)) as Record<string, unknown>;
    this.remember(value, copy, depth);
    const source = value as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      const member = this.value(source[key], depth + 1);
      // A key the prototype has is defined, not assigned: an inherited setter or read-only field
      // would swallow the assignment, and `__proto__` would become the prototype. On a plain
      // object `__proto__` is the only such key, so the lookup (a fifth of a plain copy's cost)
      // is spared on the hot path.
      if (plain ? key === '__proto__' : key in copy)
        Object.defineProperty(copy, key, { value: member, enumerable: true });
      else copy[key] = member;
    }
    return Object.freeze(copy);
  }

  private remember(value: object, copy: object, depth: number): void {
    if (depth === 0) {
      this.root = value;
      this.rootCopy = copy;
    } else {
      this.copies?.set(value, copy);
    }
  }
}
