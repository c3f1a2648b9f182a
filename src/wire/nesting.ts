/**
 * A linear scan of JSON text for nesting deeper than a limit, run before `JSON.parse` so that a
 * megabyte of `[[[…]]]` is refused after reading as many brackets as the limit allows, instead of
 * being parsed into half a million nested arrays first. Constant memory, no recursion.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether `text` opens more than `maxDepth` arrays or objects inside one another (so the root
 * value sits at depth 0 and its members at depth 1, as `JsonLimits.maxDepth` counts). Brackets
 * inside strings do not count. Malformed text is not judged here: `JSON.parse` refuses it next.
 */
export function nestedDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}
