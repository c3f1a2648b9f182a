import fc from 'fast-check';
import { canonicalJson, canonicalJsonOf } from '../../src/wire';

const text = (value: unknown): string => {
  const r = canonicalJson(value);
  if (r._tag === 'Left') throw new Error(`unexpected Left: ${JSON.stringify(r.left)}`);
  return r.right;
};
const problem = (value: unknown, limits = {}) => {
  const r = canonicalJson(value, limits);
  return r._tag === 'Left' ? r.left : undefined;
};

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(text({ b: 1, a: [{ d: true, c: null }], é: 'x' })).toBe(
      '{"a":[{"c":null,"d":true}],"b":1,"é":"x"}',
    );
  });

  it('gives the same text for the same data whatever the key order', () => {
    expect(text({ x: 1, y: { p: 2, q: 3 } })).toBe(text({ y: { q: 3, p: 2 }, x: 1 }));
  });

  it('leaves out undefined members, as JSON does', () => {
    expect(text({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('keeps a __proto__ own key as data', () => {
    const value = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as unknown;
    expect(text(value)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('is stable through parse: canonical(parse(canonical(x))) = canonical(x)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const once = text(value);
        expect(text(JSON.parse(once))).toBe(once);
      }),
    );
  });

  it("writes fresh data (canonicalJsonOf's fast path) exactly as it writes any value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const fresh = JSON.parse(JSON.stringify(value)) as unknown;
        expect(canonicalJsonOf(fresh)).toBe(text(value));
      }),
    );
    expect(canonicalJsonOf(JSON.parse('{"b":[1,"x",null,true],"a":{"10":1,"9":2}}'))).toBe(
      '{"a":{"10":1,"9":2},"b":[1,"x",null,true]}',
    );
  });

  it('counts the text exactly against the length limit', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const length = text(value).length;
        expect(problem(value, { maxChars: length })).toBeUndefined();
        expect(problem(value, { maxChars: length - 1 })).toEqual({ type: 'too_long', maxChars: length - 1 });
      }),
    );
  });

  it.each([
    ['a BigInt', { a: 1n }, 'a', 'bigint 1n is not JSON'],
    ['a symbol', [Symbol('s')], '[0]', 'symbol is not JSON'],
    ['a function', { f: () => 1 }, 'f', 'function is not JSON'],
    ['NaN', { n: NaN }, 'n', 'number NaN is not JSON'],
    ['undefined in an array', [1, undefined], '[1]', 'undefined is not JSON'],
    ['a class instance', { d: new Date(0) }, 'd', 'only plain objects are JSON (found a class instance)'],
  ])('refuses %s, naming the field', (_, value, field, message) => {
    expect(problem(value)).toEqual({ type: 'invalid', field, problem: message });
  });

  it('refuses a cycle', () => {
    const a: Record<string, unknown> = { x: 1 };
    a['self'] = a;
    expect(problem(a)).toEqual({ type: 'invalid', field: 'self', problem: 'a cyclic structure is not JSON' });
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { k: 1 };
    expect(text({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
  });

  it('refuses nesting deeper than the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5; i++) deep = [deep];
    expect(problem(deep, { maxDepth: 4 })).toMatchObject({
      type: 'invalid',
      problem: 'nested deeper than 4',
    });
    expect(problem(deep, { maxDepth: 5 })).toBeUndefined();
  });

  it('stops once the text is longer than the limit', () => {
    expect(problem({ s: 'x'.repeat(100) }, { maxChars: 50 })).toEqual({ type: 'too_long', maxChars: 50 });
  });

  it('turns a throwing getter or a revoked Proxy into a Left', () => {
    const getter = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(problem(getter)).toMatchObject({ type: 'invalid' });
    expect(problem(proxy)).toMatchObject({ type: 'invalid' });
  });

  it('canonicalJsonOf throws a TypeError for non-JSON data (a programming error)', () => {
    expect(() => canonicalJsonOf({ a: 1n })).toThrow(TypeError);
  });
});
