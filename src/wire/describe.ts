/**
 * A short, safe description of any value for error messages. It never calls `JSON.stringify` on the
 * value, never invokes user code it can avoid (no `toString`, no getters) and never throws, whatever
 * the value: BigInt, symbol, function, Proxy, cyclic object, megabyte string.
 */
const MAX_SHOWN = 40;

export function describeValue(value: unknown): string {
  try {
    return describeUnsafe(value);
  } catch {
    return 'an unreadable value';
  }
}

function describeUnsafe(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return `string ${quote(value)}`;
    case 'number':
      return `number ${String(value)}`;
    case 'boolean':
      return `boolean ${String(value)}`;
    case 'bigint':
      return `bigint ${clip(value.toString())}n`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `an array of length ${value.length}`;
      if (value instanceof Uint8Array) return `${value.length} bytes`;
      return 'an object';
  }
  return 'an unknown value';
}

function clip(s: string): string {
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…(${s.length} chars)` : s;
}

/** A quoted excerpt; `JSON.stringify` of a string is safe and escapes control characters. */
function quote(s: string): string {
  const shown = JSON.stringify(s.length > MAX_SHOWN ? s.slice(0, MAX_SHOWN) : s);
  return s.length > MAX_SHOWN ? `${shown}…(${s.length} chars)` : shown;
}
