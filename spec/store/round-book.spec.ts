/**
 * The round book as versioned per-rank tables: each book sees exactly what was stored up to it,
 * storing appends in place for the newest book and copies for an older one, pruning drops ranks,
 * and the tag of each entry is the message kept with it.
 */
import { GrowOnlyMap } from '../../src/store/grow-only-map';
import { RoundBook, type RoundKind, withCollection } from '../../src/store/round-book';

type Book = RoundBook<string, string, string, string>;
const empty = (): Book => RoundBook.empty<string, string, string, string>();

/** What a book shows: per rank, per kind, its entries as [key, value, tag]. */
function contents(book: Book): Record<number, Partial<Record<RoundKind, [string, string, string][]>>> {
  const out: Record<number, Partial<Record<RoundKind, [string, string, string][]>>> = {};
  for (const round of book.rounds) {
    const kinds: Partial<Record<RoundKind, [string, string, string][]>> = {};
    for (const kind of ['liveness', 'proposals', 'votes', 'confirmations'] as const) {
      const c = round[kind] as GrowOnlyMap<string, string, string>;
      if (c.size > 0) kinds[kind] = [...c.entries()].map(([k, v]) => [k, v, c.tagOf(k)!]);
    }
    out[round.rank] = kinds;
  }
  return out;
}

describe('RoundBook', () => {
  it('each book sees exactly the entries stored up to it, the newest appending in place', () => {
    const b0 = empty();
    const b1 = b0.withNew(6, 'votes', 'a', 'va', 'ma');
    const b2 = b1.withNew(6, 'votes', 'b', 'vb', 'mb');
    const b3 = b2.withNew(7, 'proposals', 'a', 'pa', 'na');
    expect(contents(b0)).toEqual({});
    expect(contents(b1)).toEqual({ 6: { votes: [['a', 'va', 'ma']] } });
    expect(contents(b2)).toEqual({
      6: {
        votes: [
          ['a', 'va', 'ma'],
          ['b', 'vb', 'mb'],
        ],
      },
    });
    expect(contents(b3)).toEqual({
      6: {
        votes: [
          ['a', 'va', 'ma'],
          ['b', 'vb', 'mb'],
        ],
      },
      7: { proposals: [['a', 'pa', 'na']] },
    });
    expect([b1.tagOf(6, 'votes', 'b'), b2.tagOf(6, 'votes', 'b')]).toEqual([undefined, 'mb']);
    expect([
      b1.sizeOf(6, 'votes'),
      b2.sizeOf(6, 'votes'),
      b2.sizeOf(7, 'votes'),
      b3.sizeOf(6, 'liveness'),
    ]).toEqual([1, 2, 0, 0]);
    expect(b3.counts()).toEqual([
      { rank: 6, liveness: 0, proposals: 0, votes: 2, confirmations: 0 },
      { rank: 7, liveness: 0, proposals: 1, votes: 0, confirmations: 0 },
    ]);
    expect(b3.ranks()).toEqual([6, 7]);
    expect(b1.at(7)).toBeUndefined();
    expect(b1.at(6)!.votes.get('b')).toBeUndefined();
  });

  it('storing into an older book leaves the newer ones as they were, and each fork its own', () => {
    const base = empty().withNew(6, 'votes', 'a', 'va', 'ma');
    const left = base.withNew(6, 'votes', 'b', 'left', 'ml');
    const right = base.withNew(6, 'votes', 'b', 'right', 'mr');
    const rightMore = right.withNew(6, 'votes', 'c', 'vc', 'mc');
    const leftMore = left.withNew(7, 'votes', 'c', 'l7', 'ml7');
    expect(contents(base)).toEqual({ 6: { votes: [['a', 'va', 'ma']] } });
    expect(contents(left)).toEqual({
      6: {
        votes: [
          ['a', 'va', 'ma'],
          ['b', 'left', 'ml'],
        ],
      },
    });
    expect(contents(right)).toEqual({
      6: {
        votes: [
          ['a', 'va', 'ma'],
          ['b', 'right', 'mr'],
        ],
      },
    });
    expect(contents(rightMore)[6]!.votes).toEqual([
      ['a', 'va', 'ma'],
      ['b', 'right', 'mr'],
      ['c', 'vc', 'mc'],
    ]);
    expect(contents(leftMore)).toEqual({
      6: {
        votes: [
          ['a', 'va', 'ma'],
          ['b', 'left', 'ml'],
        ],
      },
      7: { votes: [['c', 'l7', 'ml7']] },
    });
    // Two machines starting from the shared empty book never see each other's data.
    const other = empty().withNew(7, 'votes', 'z', 'vz', 'mz');
    expect(contents(other)).toEqual({ 7: { votes: [['z', 'vz', 'mz']] } });
    expect(contents(empty())).toEqual({});
  });

  it('a pruned book drops the ranks at or below the one given; the unpruned one keeps them', () => {
    const full = empty()
      .withNew(5, 'liveness', 'a', 'l5', 'm1')
      .withNew(6, 'liveness', 'a', 'l6', 'm2')
      .withNew(7, 'liveness', 'a', 'l7', 'm3');
    const pruned = full.pruneThrough(6);
    expect(pruned.ranks()).toEqual([7]);
    expect(full.ranks()).toEqual([5, 6, 7]);
    expect(pruned.pruneThrough(4)).toBe(pruned);
    const after = pruned.withNew(7, 'liveness', 'b', 'l7b', 'm4');
    expect(after.sizeOf(7, 'liveness')).toBe(2);
    expect(full.sizeOf(7, 'liveness')).toBe(1);
    expect(full.withNew(5, 'liveness', 'b', 'x', 'm5').sizeOf(5, 'liveness')).toBe(2);
  });

  it('a map view of a book never appends to the book: extending it makes a map of its own', () => {
    const book = empty().withNew(6, 'votes', 'a', 'va', 'ma');
    const votes = book.at(6)!.votes;
    const more = votes.with('b', 'vb', 'mb');
    expect([...more.keys()]).toEqual(['a', 'b']);
    expect(book.sizeOf(6, 'votes')).toBe(1);
    expect(book.withNew(6, 'votes', 'b', 'vb2', 'mb2').at(6)!.votes.get('b')).toBe('vb2');
  });

  it('with(round) replaces the rank with the round given, keeping its tags', () => {
    const book = empty().withNew(6, 'votes', 'a', 'va', 'ma').withNew(8, 'votes', 'a', 'v8', 'm8');
    const round = book.roundAt(6);
    const replaced = book.with({
      ...round,
      proposals: GrowOnlyMap.empty<string, string, string>().with('p', 'P', 'mp'),
    });
    expect(contents(replaced)).toEqual({
      6: { votes: [['a', 'va', 'ma']], proposals: [['p', 'P', 'mp']] },
      8: { votes: [['a', 'v8', 'm8']] },
    });
    expect(contents(book)[6]).toEqual({ votes: [['a', 'va', 'ma']] });
    expect(book.with(book.roundAt(7)).ranks()).toEqual([6, 7, 8]);
  });

  it('withCollection replaces the one collection named, and keeps the rank and the other three', () => {
    const kinds = ['liveness', 'proposals', 'votes', 'confirmations'] as const;
    const round = empty()
      .withNew(4, 'liveness', 'a', 'l', 'ml')
      .withNew(4, 'proposals', 'a', 'p', 'mp')
      .withNew(4, 'votes', 'a', 'v', 'mv')
      .withNew(4, 'confirmations', 'a', 'c', 'mc')
      .roundAt(4);
    const replacement = GrowOnlyMap.empty<string, string, string>().with('new', 'N', 'mn');
    for (const kind of kinds) {
      const replaced = withCollection(round, kind, replacement);
      expect(replaced.rank).toBe(4);
      for (const other of kinds) expect(replaced[other]).toBe(other === kind ? replacement : round[other]);
    }
  });
});
