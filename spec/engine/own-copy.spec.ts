/**
 * `ownCopy` alone: every inbound value becomes frozen data of the machine's own, each property
 * read once; what cannot be copied, or is too deep or too big, is refused with a reason.
 */
import * as t from 'io-ts';
import {
  adoptDecoded,
  decodedBy,
  MAX_COPY_DEPTH,
  MAX_COPY_VALUES,
  NotCopyable,
  ownCopy,
} from '../../src/engine/own-copy';

const refusal = (value: unknown): string => {
  try {
    ownCopy(value);
  } catch (err) {
    if (err instanceof NotCopyable) return err.problem;
    throw err;
  }
  throw new Error('copied');
};

describe('ownCopy', () => {
  it('shares primitives and functions', () => {
    const f = () => 1;
    for (const v of [1, 'a', null, undefined, true, 3n, f]) expect(ownCopy(v)).toBe(v);
  });

  it('copies plain objects and arrays deeply, frozen, with nothing shared', () => {
    const value = { a: 1, none: null, list: [1, { b: 2 }, null], nested: { c: [3] } };
    const copy = ownCopy(value);
    expect(copy).toStrictEqual(value);
    expect(copy.list).toHaveLength(3);
    expect(copy).not.toBe(value);
    expect(copy.list).not.toBe(value.list);
    expect(copy.list[1]).not.toBe(value.list[1]);
    expect(copy.nested.c).not.toBe(value.nested.c);
    for (const part of [copy, copy.list, copy.list[1], copy.nested, copy.nested.c])
      expect(Object.isFrozen(part)).toBe(true);
    value.nested.c.push(4);
    expect(copy.nested.c).toEqual([3]);
    expect(Array.isArray(copy.list)).toBe(true);
  });

  it('keeps a class instance its prototype, with its own fields copied', () => {
    class Frame {
      constructor(readonly rank: number) {}
      identity(): string {
        return `f${this.rank}`;
      }
    }
    const copy = ownCopy(new Frame(3));
    expect(copy).toBeInstanceOf(Frame);
    expect(copy.identity()).toBe('f3');
    expect(Object.isFrozen(copy)).toBe(true);
    const bare = ownCopy(Object.assign(Object.create(null) as object, { x: 1 }));
    expect(Object.getPrototypeOf(bare)).toBeNull();
    expect(bare).toEqual({ x: 1 });
  });

  it('reads each property once: a getter cannot answer one thing to validation and another to storage', () => {
    let reads = 0;
    const tricky = {
      get id() {
        reads++;
        return `id${reads}`;
      },
    };
    const copy = ownCopy(tricky);
    expect([copy.id, copy.id]).toEqual(['id1', 'id1']);
    expect(reads).toBe(1);
  });

  it('clones built-ins whose state is hidden', () => {
    const date = new Date(5);
    const map = new Map([[1, 'a']]);
    const bytes = new Uint8Array([1, 2]);
    const copy = ownCopy({ date, map, set: new Set([1]), re: /x/g, bytes, buffer: new ArrayBuffer(2) });
    expect(copy.date).toEqual(date);
    expect(copy.date).not.toBe(date);
    expect(copy.map).toEqual(map);
    expect(copy.map).not.toBe(map);
    expect(copy.set).toEqual(new Set([1]));
    expect(copy.re).toEqual(/x/g);
    expect(copy.bytes).toEqual(bytes);
    expect(copy.bytes).not.toBe(bytes);
    expect(copy.buffer.byteLength).toBe(2);
    const root = ownCopy(new Date(7));
    expect(root).toEqual(new Date(7));
  });

  it('copies a cycle as the same cycle, and a shared member once', () => {
    const shared = { s: 1 };
    const value: { self?: unknown; a: object; b: object } = { a: shared, b: shared };
    value.self = value;
    const copy = ownCopy(value);
    expect(copy.self).toBe(copy);
    expect(copy.a).toBe(copy.b);
    expect(copy.a).not.toBe(shared);
    const list: unknown[] = [1];
    list.push(list);
    const listCopy = ownCopy(list);
    expect(listCopy[1]).toBe(listCopy);
  });

  it('keeps `__proto__` as a data key, never a prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copy = ownCopy(value);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('keeps an own field its own, even where the prototype has a setter or a read-only field of that name', () => {
    let reads = 0;
    class Counter {
      get rank(): number {
        return ++reads;
      }
      set rank(_ignored: number) {}
    }
    const counter = Object.defineProperty(new Counter(), 'rank', { value: 7, enumerable: true });
    const copy = ownCopy(counter);
    expect(copy).toBeInstanceOf(Counter);
    expect([copy.rank, copy.rank]).toEqual([7, 7]);
    expect(reads).toBe(0);
    const fixed = Object.freeze({ kind: 'vote' });
    const shadowed = Object.create(fixed, { kind: { value: 'proposal', enumerable: true } }) as {
      kind: string;
    };
    expect(ownCopy(shadowed).kind).toBe('proposal');
    const bare = Object.assign(Object.create(null) as object, JSON.parse('{"__proto__": 1}') as object);
    expect(Object.getOwnPropertyDescriptor(ownCopy(bare), '__proto__')?.value).toBe(1);
  });

  it('keeps the prototype a value shows: a typed array made to look plain is copied as plain frozen data', () => {
    const plain = Object.setPrototypeOf(new Uint8Array([1, 2]), Object.prototype) as object;
    const copy = ownCopy(plain);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect({ ...copy }).toEqual({ 0: 1, 1: 2 });
    expect(Object.isFrozen(copy)).toBe(true);
    const bare = ownCopy(Object.setPrototypeOf(new Uint8Array([3]), null) as object);
    expect(Object.getPrototypeOf(bare)).toBeNull();
    expect({ ...bare }).toEqual({ 0: 3 });
    expect(Object.isFrozen(bare)).toBe(true);
  });

  it('refuses what cannot be copied', () => {
    for (const value of [new WeakMap(), new WeakSet(), Promise.resolve(1), { p: Promise.resolve(1) }])
      expect(refusal(value)).toMatch(/^expected data that can be copied, got /);
    expect(refusal(new WeakRef({}))).toMatch(/^expected data that can be copied/);
  });

  it('refuses a throwing getter, naming what it threw', () => {
    const value = {
      get x(): number {
        throw new Error('trap');
      },
    };
    expect(refusal(value)).toBe('reading it threw Error: trap');
  });

  it(`refuses nesting deeper than ${MAX_COPY_DEPTH}`, () => {
    const nest = (depth: number): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < depth; i++) v = { v };
      return v;
    };
    expect(() => ownCopy(nest(MAX_COPY_DEPTH))).not.toThrow();
    expect(refusal(nest(MAX_COPY_DEPTH + 1))).toBe(`nested deeper than ${MAX_COPY_DEPTH}`);
    let list: unknown = [];
    for (let i = 0; i <= MAX_COPY_DEPTH; i++) list = [list];
    expect(refusal(list)).toBe(`nested deeper than ${MAX_COPY_DEPTH}`);
  });

  it(`refuses more than ${MAX_COPY_VALUES} values`, () => {
    expect(refusal(new Array(MAX_COPY_VALUES + 1).fill(0))).toBe(`more than ${MAX_COPY_VALUES} values`);
    expect(refusal([new Array(MAX_COPY_VALUES).fill(0)])).toBe(`more than ${MAX_COPY_VALUES} values`);
    // Exactly the bound is fine.
    expect(ownCopy(new Array(MAX_COPY_VALUES).fill(0))).toHaveLength(MAX_COPY_VALUES);
  });

  it('refuses an array longer than the bound by its length, reading none of its members', () => {
    const long = new Array<unknown>(MAX_COPY_VALUES + 1);
    let reads = 0;
    Object.defineProperty(long, 0, {
      get: () => {
        reads++;
        return 0;
      },
      enumerable: true,
    });
    expect(refusal(long)).toBe(`more than ${MAX_COPY_VALUES} values`);
    expect(reads).toBe(0);
  });

  it('counts the values of one argument together: a member after a full array goes over the bound', () => {
    // The inner array is one value and its members the others.
    expect(refusal([new Array(MAX_COPY_VALUES - 1).fill(0), 0])).toBe(`more than ${MAX_COPY_VALUES} values`);
    expect(ownCopy([new Array(MAX_COPY_VALUES - 2).fill(0), 0])).toHaveLength(2);
  });
});

describe('adoptDecoded: data this package parsed and decoded itself is taken as it is', () => {
  const codec = t.type({ rank: t.number, list: t.array(t.number) });
  const other = t.type({ rank: t.number });
  it('freezes every level and is read with its codec as the same object', () => {
    const value = { rank: 1, list: [1, 2], nested: { deep: [{ x: 1 }] } };
    adoptDecoded(value, codec);
    for (const part of [value, value.list, value.nested, value.nested.deep, value.nested.deep[0]])
      expect(Object.isFrozen(part)).toBe(true);
    expect(decodedBy(value, codec)).toBe(true);
    expect(decodedBy(value, other)).toBe(false);
    expect(decodedBy({ ...value }, codec)).toBe(false);
  });

  it('is not taken for anything but plain data: a class instance anywhere leaves it to be copied', () => {
    class Inner {
      x = 1;
    }
    const value = { rank: 1, list: [1], inner: new Inner() };
    adoptDecoded(value, codec);
    expect(decodedBy(value, codec)).toBe(false);
    expect(Object.isFrozen(value)).toBe(false);
    expect(Object.isFrozen(value.inner)).toBe(false);
  });

  it('is taken to the copy depth and not beyond, as ownCopy copies', () => {
    const nested = (levels: number) => {
      let value: Record<string, unknown> = {};
      for (let i = 1; i < levels; i++) value = { next: value };
      return value;
    };
    const deepest = nested(MAX_COPY_DEPTH);
    adoptDecoded(deepest, codec);
    expect(decodedBy(deepest, codec)).toBe(true);
    expect(() => ownCopy(nested(MAX_COPY_DEPTH))).not.toThrow();
    const deeper = nested(MAX_COPY_DEPTH + 1);
    adoptDecoded(deeper, codec);
    expect(decodedBy(deeper, codec)).toBe(false);
    expect(Object.isFrozen(deeper)).toBe(false);
    expect(() => ownCopy(nested(MAX_COPY_DEPTH + 1))).toThrow(NotCopyable);
  });

  it('is taken up to as many values as ownCopy copies, and not beyond', () => {
    const most = { list: new Array<number>(MAX_COPY_VALUES - 1).fill(0) };
    expect(() => ownCopy(most)).not.toThrow();
    adoptDecoded(most, codec);
    expect(decodedBy(most, codec)).toBe(true);
    const more = { list: new Array<number>(MAX_COPY_VALUES).fill(0) };
    expect(() => ownCopy(more)).toThrow(NotCopyable);
    adoptDecoded(more, codec);
    expect(decodedBy(more, codec)).toBe(false);
    expect(Object.isFrozen(more)).toBe(false);
  });

  it('takes nulls inside, and leaves null and primitives alone', () => {
    const value = { rank: 1, none: null, list: [null, 1] };
    adoptDecoded(value, codec);
    expect(decodedBy(value, codec)).toBe(true);
    for (const primitive of [null, undefined, 1, 'a', true]) {
      expect(() => adoptDecoded(primitive, codec)).not.toThrow();
      expect(decodedBy(primitive, codec)).toBe(false);
    }
    expect(decodedBy(1, undefined)).toBe(false);
    expect(decodedBy({}, undefined)).toBe(false);
  });

  it('is not taken for an array with another prototype, nor an object posing as an array', () => {
    class Mutations extends Array<string> {}
    const subclassed = { list: Mutations.from(['a']) };
    adoptDecoded(subclassed, codec);
    expect(decodedBy(subclassed, codec)).toBe(false);
    const posing = { list: Object.create(Array.prototype) as unknown[] };
    adoptDecoded(posing, codec);
    expect(decodedBy(posing, codec)).toBe(false);
  });
});
