/**
 * `describeValue`: a short, safe description of any JavaScript value for error messages about
 * untrusted input. It never calls user code (no toString, no getters, no JSON.stringify, which
 * throws on BigInt and cyclic objects) and never produces a huge string. (To show a trusted value
 * in full, e.g. a peer in statistics, see `viz/readable-label.ts`.)
 */
const MAX_STRING = 40;

function quote(s: string): string {
  const cut = s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}…` : s;
  const escaped = cut.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f"\\]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped}"${s.length > MAX_STRING ? ` (${s.length} chars)` : ''}`;
}

export function describeValue(value: unknown): string {
  try {
    switch (typeof value) {
      case 'string':
        return `string ${quote(value)}`;
      case 'number':
        return `number ${String(value)}`;
      case 'bigint':
        return `bigint ${value.toString().slice(0, MAX_STRING)}n`;
      case 'boolean':
        return `boolean ${String(value)}`;
      case 'undefined':
        return 'undefined';
      case 'symbol':
        return 'symbol';
      case 'function':
        return 'function';
      case 'object': {
        if (value === null) return 'null';
        if (Array.isArray(value)) return `array of length ${value.length}`;
        const proto: unknown = Object.getPrototypeOf(value);
        if (proto === null) return 'object without prototype';
        if (proto === Object.prototype) return 'object';
        const ctor = (proto as { constructor?: unknown }).constructor;
        const name =
          typeof ctor === 'function' ? Object.getOwnPropertyDescriptor(ctor, 'name')?.value : undefined;
        return typeof name === 'string' && name.length > 0
          ? `${name.slice(0, MAX_STRING)} instance`
          : 'object';
      }
    }
  } catch {
    return 'value that cannot be inspected';
  }
  return 'value';
}

/** The message of a caught exception, safely. */
export function describeError(err: unknown): string {
  try {
    if (err instanceof Error) {
      const message = Object.getOwnPropertyDescriptor(err, 'message')?.value;
      return typeof message === 'string' ? `${err.name}: ${message.slice(0, 200)}` : err.name;
    }
  } catch {
    // fall through
  }
  return describeValue(err);
}

/** Read `obj[key]` without letting a throwing getter or Proxy escape. */
export function safeGet(
  obj: unknown,
  key: string,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) {
      return { ok: false, problem: `expected an object, got ${describeValue(obj)}` };
    }
    return { ok: true, value: (obj as Record<string, unknown>)[key] };
  } catch (err) {
    return { ok: false, problem: `reading it threw ${describeError(err)}` };
  }
}
