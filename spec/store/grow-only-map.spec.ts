/**
 * `GrowOnlyMap` against a native `Map` written first-write-wins: every view reads as the `Map` of
 * the writes made up to it (size, has, get, the iterators, forEach, toMap), whatever order the
 * views are extended in; each entry keeps its tag; the linear use appends to one core in place.
 */
import { Core, GrowOnlyMap } from '../../src/store/grow-only-map';

type View = GrowOnlyMap<string, number, string>;

/** The native Map of `writes` applied first-write-wins. */
function reference(writes: readonly [string, number][]): Map<string, number> {
  const map = new Map<string, number>();
  for (const [k, v] of writes) if (!map.has(k)) map.set(k, v);
  return map;
}

/** Everything a ReadonlyMap reader can see of `map`, keys `probe` included. */
function reading(map: ReadonlyMap<string, number>, probe: readonly string[]) {
  const forEach: unknown[] = [];
  const thisArg = { seen: forEach };
  map.forEach(function (this: typeof thisArg, value, key, owner) {
    this.seen.push([key, value, owner === map]);
  }, thisArg);
  return {
    size: map.size,
    entries: [...map.entries()],
    iterated: [...map],
    keys: [...map.keys()],
    values: [...map.values()],
    forEach,
    has: probe.map((k) => map.has(k)),
    get: probe.map((k) => map.get(k)),
  };
}

const tag = (k: string, v: number) => `${k}=${v}`;

describe('GrowOnlyMap', () => {
  const writes: [string, number][] = [
    ['a', 1],
    ['b', 2],
    ['a', 3],
    ['c', 4],
    ['b', 5],
    ['d', 6],
  ];
  const probe = ['a', 'b', 'c', 'd', 'e'];

  it('reads at each step as a Map written first-write-wins', () => {
    let view: View = GrowOnlyMap.empty();
    const views: View[] = [view];
    for (const [k, v] of writes) views.push((view = view.with(k, v, tag(k, v))));
    // Read after all of them were made: each still sees exactly its own entries.
    views.forEach((v, step) => {
      expect(reading(v, probe)).toEqual(reading(reference(writes.slice(0, step)), probe));
    });
    expect(views[2]!.with('a', 9, 'again')).toBe(views[2]);
  });

  it('keeps the first tag of each key, in insertion order', () => {
    let view: View = GrowOnlyMap.empty();
    for (const [k, v] of writes) view = view.with(k, v, tag(k, v));
    expect([...view.tags()]).toEqual(['a=1', 'b=2', 'c=4', 'd=6']);
    expect(probe.map((k) => view.tagOf(k))).toEqual(['a=1', 'b=2', 'c=4', 'd=6', undefined]);
  });

  it('keeps every view right when older ones are extended (forks), in any order', () => {
    const base = GrowOnlyMap.empty<string, number, string>().with('a', 1, 'a1').with('b', 2, 'b2');
    const older = GrowOnlyMap.empty<string, number, string>().with('a', 1, 'a1');
    const line = older.with('b', 2, 'b2').with('c', 3, 'c3');
    const fork = older.with('x', 7, 'x7');
    const forkOfFork = fork.with('y', 8, 'y8');
    const fork2 = older.with('c', 9, 'c9');
    const cases: [View, [string, number][]][] = [
      [
        base,
        [
          ['a', 1],
          ['b', 2],
        ],
      ],
      [older, [['a', 1]]],
      [
        line,
        [
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ],
      ],
      [
        fork,
        [
          ['a', 1],
          ['x', 7],
        ],
      ],
      [
        forkOfFork,
        [
          ['a', 1],
          ['x', 7],
          ['y', 8],
        ],
      ],
      [
        fork2,
        [
          ['a', 1],
          ['c', 9],
        ],
      ],
    ];
    const keys = ['a', 'b', 'c', 'x', 'y'];
    for (const [view, entries] of cases) {
      expect(reading(view, keys)).toEqual(reading(reference(entries), keys));
      expect([...view.tags()]).toEqual(entries.map(([k, v]) => `${k}${v}`));
    }
    expect([older.tagOf('x'), fork.tagOf('x'), fork2.tagOf('c'), line.tagOf('c')]).toEqual([
      undefined,
      'x7',
      'c9',
      'c3',
    ]);
  });

  it('reads the first entry of a view as present', () => {
    const view = GrowOnlyMap.empty<string, number, string>().with('first', 0, 't');
    expect([view.has('first'), view.get('first'), view.tagOf('first')]).toEqual([true, 0, 't']);
  });

  it('appends in place to the core it views when it is the newest view, and copies otherwise', () => {
    const core = new Core<string, number, string>();
    const first = GrowOnlyMap.over(core, 0).withNew('a', 1, 'a1');
    const second = first.withNew('b', 2, 'b2');
    expect(core.length).toBe(2);
    expect([...second]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    // `first` is no longer the newest view of the core: extending it leaves the core alone.
    const fork = first.withNew('c', 3, 'c3');
    expect(core.length).toBe(2);
    expect([...fork]).toEqual([
      ['a', 1],
      ['c', 3],
    ]);
  });

  it('copies to a mutable Map, and names itself', () => {
    const view = GrowOnlyMap.empty<string, number>().with('a', 1, undefined).with('b', 2, undefined);
    const copy = view.toMap();
    copy.set('c', 3);
    expect([...copy]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect(view.size).toBe(2);
    expect(Object.prototype.toString.call(view)).toBe('[object GrowOnlyMap]');
  });
});

describe('Core.sizeAt', () => {
  it('counts the entries made at or before a version', () => {
    const core = new Core<string, number, undefined>([]);
    const made = [2, 2, 5, 7, 7, 7, 10];
    made.forEach((version, i) => core.appendAt(`k${i}`, i, undefined, version));
    for (let version = 0; version <= 12; version++)
      expect([version, core.sizeAt(version)]).toEqual([version, made.filter((m) => m <= version).length]);
    expect(new Core<string, number, undefined>([]).sizeAt(3)).toBe(0);
  });
});
