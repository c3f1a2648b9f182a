import { readJson } from '../../src/wire';

const limits = { maxBytes: 1000, maxDepth: 8 };

describe('readJson', () => {
  it('reads UTF-8 bytes, text and plain values', () => {
    expect(readJson(new TextEncoder().encode('{"a":[1,"é"]}'), limits)).toEqual({
      _tag: 'Right',
      right: { a: [1, 'é'] },
    });
    expect(readJson('[true,null]', limits)).toEqual({ _tag: 'Right', right: [true, null] });
    expect(readJson({ b: 2, a: 1 }, limits)).toEqual({ _tag: 'Right', right: { a: 1, b: 2 } });
  });

  it('returns a fresh copy of a value, so later changes to the original do not reach it', () => {
    const original = { a: [1] };
    const read = readJson(original, limits);
    original.a.push(2);
    expect(read).toEqual({ _tag: 'Right', right: { a: [1] } });
  });

  it('checks the size first', () => {
    expect(readJson(new Uint8Array(1001), limits)).toEqual({
      _tag: 'Left',
      left: { type: 'oversized', size: 1001, limit: 1000 },
    });
    expect(readJson('"' + 'é'.repeat(600) + '"', limits)).toMatchObject({
      left: { type: 'oversized', size: 1202 },
    });
    expect(readJson('x'.repeat(5_000_000), limits)).toMatchObject({
      left: { type: 'oversized', size: 5_000_000 },
    });
    expect(readJson({ s: 'x'.repeat(5000) }, limits)).toMatchObject({
      left: { type: 'oversized', size: null },
    });
  });

  it('names what is wrong with malformed input', () => {
    expect(readJson(new Uint8Array([0x7b, 0xff, 0x7d]), limits)).toEqual({
      _tag: 'Left',
      left: {
        type: 'malformed',
        error: { field: '(root)', problem: 'not valid UTF-8', message: '(root): not valid UTF-8' },
      },
    });
    expect(readJson('{"a":', limits)).toMatchObject({
      left: { type: 'malformed', error: { field: '(root)' } },
    });
    expect(readJson('[[[[[[[[[[1]]]]]]]]]]', limits)).toMatchObject({
      left: { error: { problem: 'nested deeper than 8' } },
    });
    expect(readJson(undefined, limits)).toMatchObject({
      left: { error: { problem: 'expected a message, got undefined' } },
    });
    expect(readJson({ a: 1n }, limits)).toMatchObject({
      left: { error: { field: 'a', problem: 'bigint 1n is not JSON' } },
    });
  });

  it('never throws on hostile values', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['me'] = cyclic;
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const trap = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    const hostile: unknown[] = [
      null,
      1n,
      Symbol('x'),
      () => 1,
      cyclic,
      proxy,
      trap,
      new Map(),
      NaN,
      'x'.repeat(2_000_000),
    ];
    for (const value of hostile) {
      expect(() => readJson(value, limits)).not.toThrow();
      expect(readJson(value, limits)._tag).toBe(value === null ? 'Right' : 'Left');
    }
  });

  it('parses __proto__ as an ordinary key', () => {
    const read = readJson('{"__proto__":{"polluted":1}}', limits);
    expect(read._tag).toBe('Right');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
