/**
 * Reading untrusted input into plain `Json`: bytes (UTF-8), text, or a value some in-process
 * transport already holds. The cheap checks come first and bound the cost of the rest: the size
 * limit before anything is read, then a linear scan of the shape (nesting, values, keys per object)
 * before any parsing, so the work is proportional to the size whatever the shape. Text goes through
 * `JSON.parse` (which makes `__proto__` an ordinary own key, never a prototype); any other value is
 * copied through its canonical text, so getters run at most once, class instances, cycles, BigInt,
 * symbols and functions are refused, and what comes out is a fresh plain value nobody else holds.
 * Never throws.
 */
import { left, right, type Either } from 'fp-ts/Either';
import { canonicalJson } from './canonical';
import { describeValue } from '../guard/describe';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_KEYS, DEFAULT_MAX_VALUES, type Json } from './json';
import { shapeProblem, type ShapeLimits } from './nesting';
import { decodeUtf8, utf8ByteLength } from './utf8';
import { ROOT_FIELD, wireError, type WireError } from './wire-error';

export interface ReadLimits {
  /** Largest input accepted, in bytes (UTF-8 bytes for text and values). */
  readonly maxBytes: number;
  readonly maxDepth?: number;
  /** Most values in the text (default `DEFAULT_MAX_VALUES`), checked before parsing. */
  readonly maxValues?: number;
  /** Most keys in one object (default `DEFAULT_MAX_KEYS`), checked before parsing. */
  readonly maxKeys?: number;
}

export type ReadProblem =
  | { readonly type: 'oversized'; readonly size: number | null; readonly limit: number }
  | { readonly type: 'malformed'; readonly error: WireError };

const malformed = (field: string, problem: string): ReadProblem => ({
  type: 'malformed',
  error: wireError(field, problem),
});

/** The size limit comes first: it is the cheapest check and bounds the work of all the others. */
export function readJson(input: unknown, limits: ReadLimits): Either<ReadProblem, Json> {
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const shape: ShapeLimits = {
    maxDepth,
    maxValues: limits.maxValues ?? DEFAULT_MAX_VALUES,
    maxKeys: limits.maxKeys ?? DEFAULT_MAX_KEYS,
  };
  try {
    if (input instanceof Uint8Array) {
      if (input.length > limits.maxBytes) return left(oversized(input.length, limits.maxBytes));
      const text = decodeUtf8(input);
      return text._tag === 'Left' ? left(malformed(ROOT_FIELD, text.left)) : parseText(text.right, shape);
    }
    if (typeof input === 'string') {
      const size = utf8Size(input, limits.maxBytes);
      if (size > limits.maxBytes) return left(oversized(size, limits.maxBytes));
      return parseText(input, shape);
    }
    return copyValue(input, limits.maxBytes, maxDepth);
  } catch {
    return left(malformed(ROOT_FIELD, 'unreadable input'));
  }
}

function oversized(size: number | null, limit: number): ReadProblem {
  return { type: 'oversized', size, limit };
}

/** UTF-8 size of `text`; a string longer than `limit` code units is over it whatever its content. */
function utf8Size(text: string, limit: number): number {
  return text.length > limit ? text.length : utf8ByteLength(text);
}

function parseText(text: string, shape: ShapeLimits): Either<ReadProblem, Json> {
  const problem = shapeProblem(text, shape);
  if (problem !== undefined) return left(malformed(ROOT_FIELD, problem));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return left(
      malformed(ROOT_FIELD, `not JSON (${e instanceof SyntaxError ? clip(e.message) : 'unparsable'})`),
    );
  }
  return right(parsed as Json);
}

function copyValue(value: unknown, maxBytes: number, maxDepth: number): Either<ReadProblem, Json> {
  if (value === undefined)
    return left(malformed(ROOT_FIELD, `expected a message, got ${describeValue(value)}`));
  const text = canonicalJson(value, { maxDepth, maxChars: maxBytes });
  if (text._tag === 'Left') {
    const p = text.left;
    return left(
      p.type === 'too_long' ? oversized(null, maxBytes) : malformed(p.field || ROOT_FIELD, p.problem),
    );
  }
  const size = utf8ByteLength(text.right);
  if (size > maxBytes) return left(oversized(size, maxBytes));
  return right(JSON.parse(text.right) as Json);
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
