/**
 * Canonical JSON: the one deterministic text of a plain JSON value, used for the wire encoding and
 * for every hash and signature. Object keys are sorted (by UTF-16 code units, as RFC 8785 does);
 * there is no whitespace; strings and numbers are written as `JSON.stringify` writes them; an
 * object member whose value is `undefined` is left out, as `JSON.stringify` does. Because the wire
 * text is itself canonical, `canonical(parse(canonical(x))) === canonical(x)`: a receiver
 * re-derives exactly the bytes the sender signed.
 *
 * Only plain data is accepted (null, booleans, finite numbers, strings, arrays, objects whose
 * prototype is `Object.prototype` or null); anything else, a cycle, nesting deeper than the limit,
 * or text longer than the limit is a `Left`, never a throw, whatever the value holds.
 */
import { left, right, type Either } from 'fp-ts/Either';
import { describeValue } from '../guard/describe';
import { DEFAULT_MAX_DEPTH } from './json';

export interface CanonicalLimits {
  /** Deepest nesting of arrays and objects (the root is depth 0). */
  readonly maxDepth?: number;
  /** Stop once the text would be longer than this many UTF-16 code units. */
  readonly maxChars?: number;
}

export type CanonicalProblem =
  | { readonly type: 'too_long'; readonly maxChars: number }
  | { readonly type: 'invalid'; readonly field: string; readonly problem: string };

export function canonicalJson(
  value: unknown,
  limits: CanonicalLimits = {},
): Either<CanonicalProblem, string> {
  const writer = new Writer(limits.maxDepth ?? DEFAULT_MAX_DEPTH, limits.maxChars ?? Infinity);
  try {
    const problem = writer.write(value, 0, '');
    return problem === undefined ? right(writer.text()) : left(problem);
  } catch {
    return left({ type: 'invalid', field: '', problem: 'unreadable (a throwing getter or a revoked Proxy)' });
  }
}

/** `canonicalJson` for this node's own data, where a non-JSON value is a programming error. */
export function canonicalJsonOf(value: unknown): string {
  const result = canonicalJson(value);
  if (result._tag === 'Right') return result.right;
  const p = result.left;
  throw new TypeError(p.type === 'invalid' ? `not plain JSON data: ${p.field}: ${p.problem}` : 'too long');
}

class Writer {
  private readonly parts: string[] = [];
  private length = 0;
  private readonly open = new Set<object>();

  constructor(
    private readonly maxDepth: number,
    private readonly maxChars: number,
  ) {}

  text(): string {
    return this.parts.join('');
  }

  write(value: unknown, depth: number, field: string): CanonicalProblem | undefined {
    switch (typeof value) {
      case 'string':
        return this.push(JSON.stringify(value));
      case 'boolean':
        return this.push(value ? 'true' : 'false');
      case 'number':
        return Number.isFinite(value) ? this.push(JSON.stringify(value)) : this.invalid(field, value);
      case 'object':
        if (value === null) return this.push('null');
        if (depth >= this.maxDepth)
          return { type: 'invalid', field, problem: `nested deeper than ${this.maxDepth}` };
        if (this.open.has(value))
          return { type: 'invalid', field, problem: 'a cyclic structure is not JSON' };
        this.open.add(value);
        try {
          return Array.isArray(value) ? this.array(value, depth, field) : this.object(value, depth, field);
        } finally {
          this.open.delete(value);
        }
      default:
        return this.invalid(field, value);
    }
  }

  private array(items: readonly unknown[], depth: number, field: string): CanonicalProblem | undefined {
    const problem = this.push('[');
    if (problem !== undefined) return problem;
    for (let i = 0; i < items.length; i++) {
      const sep = i > 0 ? this.push(',') : undefined;
      const inner = sep ?? this.write(items[i], depth + 1, `${field}[${i}]`);
      if (inner !== undefined) return inner;
    }
    return this.push(']');
  }

  private object(obj: object, depth: number, field: string): CanonicalProblem | undefined {
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      return { type: 'invalid', field, problem: 'only plain objects are JSON (found a class instance)' };
    }
    const record = obj as Record<string, unknown>;
    const opened = this.push('{');
    if (opened !== undefined) return opened;
    let first = true;
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined) continue;
      const name = (first ? '' : ',') + JSON.stringify(key) + ':';
      first = false;
      const inner = this.push(name) ?? this.write(item, depth + 1, field === '' ? key : `${field}.${key}`);
      if (inner !== undefined) return inner;
    }
    return this.push('}');
  }

  private push(s: string): CanonicalProblem | undefined {
    this.length += s.length;
    if (this.length > this.maxChars) return { type: 'too_long', maxChars: this.maxChars };
    this.parts.push(s);
    return undefined;
  }

  private invalid(field: string, value: unknown): CanonicalProblem {
    return { type: 'invalid', field, problem: `${describeValue(value)} is not JSON` };
  }
}
