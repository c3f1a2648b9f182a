/**
 * One linear scan of JSON text for its shape, run before `JSON.parse`: nesting deeper than a
 * limit, more values than a limit, or an object with more keys than a limit is refused after
 * reading only as far as the limit, instead of being parsed first (a megabyte of `[[[…]]]` into
 * half a million nested arrays, of `[0,0,…]` into half a million numbers, of `{"k1":0,…}` into a
 * dictionary of seventy thousand keys: each costs the parser far more per byte than text does).
 * Constant memory beyond one counter per open object, no recursion.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

export interface ShapeLimits {
  /** Deepest nesting of arrays and objects (the root value is depth 0). */
  readonly maxDepth: number;
  /** Most values in the whole text, counted as containers plus separators. */
  readonly maxValues?: number;
  /** Most keys in one object. */
  readonly maxKeys?: number;
}

/**
 * Why the text's shape is over a limit (`nested deeper than 32`…), or undefined. Brackets and
 * commas inside strings do not count. Malformed text is not judged here: `JSON.parse` refuses it next.
 */
export function shapeProblem(text: string, limits: ShapeLimits): string | undefined {
  const { maxDepth } = limits;
  const maxValues = limits.maxValues ?? Infinity;
  const maxKeys = limits.maxKeys ?? Infinity;
  // Keys so far of each open object; -1 for an open array.
  const keys: number[] = [];
  let values = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (keys.length >= maxDepth) return `nested deeper than ${maxDepth}`;
      keys.push(c === OPEN_OBJECT ? 1 : -1);
      if (++values > maxValues) return `more than ${maxValues} values`;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      keys.pop();
    } else if (c === COMMA) {
      if (++values > maxValues) return `more than ${maxValues} values`;
      const top = keys.length - 1;
      if (top >= 0 && keys[top]! > 0 && ++keys[top]! > maxKeys)
        return `an object with more than ${maxKeys} keys`;
    }
  }
  return undefined;
}

/**
 * The index of the quote that closes the string opened at `open` (or the text's length): the
 * engine's `indexOf` jumps over the string's body, and a quote is escaped when an odd number of
 * backslashes precede it.
 */
function stringEnd(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote !== -1) {
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/** Whether `text` opens more than `maxDepth` arrays or objects inside one another. */
export const nestedDeeperThan = (text: string, maxDepth: number): boolean =>
  shapeProblem(text, { maxDepth }) !== undefined;
