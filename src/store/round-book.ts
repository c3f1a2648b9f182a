/**
 * Per-rank round data: the liveness checks, proposals, votes and confirmations received for each
 * rank still open.
 *
 * Each open rank is one table (`RankTable`): for each kind, the senders' entries in arrival
 * order, found by the sender's key (the voter's for votes). Senders are a known, small set, so a
 * table holds a handful of entries; it is appended to in place, and every entry records the
 * version of the book it was stored at. A `RoundBook` is one version: the tables of the open
 * ranks and a number, and it sees exactly the entries made at or before that number. So storing
 * a message costs one small object (the next book), not a copy of the rank's data; every older
 * book (an older snapshot) still reads exactly what it held; pruning a finished rank drops its
 * table. What is stored with each entry (its tag) is the inbound message itself: evidence of a
 * conflict is built from the two messages only when one happens.
 *
 * Books made from the newest one are appended in place. Storing into an older book (a reducer
 * run again from an old snapshot) first copies what that book sees into tables of its own, so
 * every book stays correct whatever order they are used in; the machine never does this.
 */
import { Core, GrowOnlyMap } from './grow-only-map';

/** The four kinds of round data, by the name of their collection in a `Round`. */
export type RoundKind = 'liveness' | 'proposals' | 'votes' | 'confirmations';

/** One rank's data as a book sees it. Keys are peer identities (voter identities for votes). */
export interface Round<S, V, C, Tag> {
  readonly rank: number;
  readonly liveness: GrowOnlyMap<string, C, Tag>;
  readonly proposals: GrowOnlyMap<string, S, Tag>;
  readonly votes: GrowOnlyMap<string, V, Tag>;
  readonly confirmations: GrowOnlyMap<string, S, Tag>;
}

export interface RoundCounts {
  readonly rank: number;
  readonly liveness: number;
  readonly proposals: number;
  readonly votes: number;
  readonly confirmations: number;
}

const KINDS: readonly RoundKind[] = ['liveness', 'proposals', 'votes', 'confirmations'];
const KIND_INDEX: Readonly<Record<RoundKind, number>> = {
  liveness: 0,
  proposals: 1,
  votes: 2,
  confirmations: 3,
};

type AnyCore<Tag> = Core<string, unknown, Tag>;

/** One rank's entries of every kind, appended in place; each entry knows its book version. */
class RankTable<Tag> {
  readonly kinds: readonly AnyCore<Tag>[] = [new Core([]), new Core([]), new Core([]), new Core([])];
  constructor(readonly rank: number) {}

  /** A table of its own with what a book at `version` sees of this one. */
  copyAt(version: number): RankTable<Tag> {
    const copy = new RankTable<Tag>(this.rank);
    for (let k = 0; k < 4; k++) {
      const from = this.kinds[k]!;
      const to = copy.kinds[k]!;
      const size = from.sizeAt(version);
      for (let i = 0; i < size; i++) to.appendAt(from.key(i), from.value(i), from.tag(i), from.versions![i]!);
    }
    return copy;
  }
}

/** The books that append in place to the same tables: the newest version made among them. */
interface Lineage {
  latest: number;
}

const emptyRound = <S, V, C, Tag>(rank: number): Round<S, V, C, Tag> => ({
  rank,
  liveness: GrowOnlyMap.empty(),
  proposals: GrowOnlyMap.empty(),
  votes: GrowOnlyMap.empty(),
  confirmations: GrowOnlyMap.empty(),
});

/** `round` with one of its collections replaced (a fixed object shape keeps this fast). */
export function withCollection<S, V, C, Tag>(
  round: Round<S, V, C, Tag>,
  kind: RoundKind,
  collection: GrowOnlyMap<string, unknown, Tag>,
): Round<S, V, C, Tag> {
  return {
    rank: round.rank,
    liveness: kind === 'liveness' ? (collection as GrowOnlyMap<string, C, Tag>) : round.liveness,
    proposals: kind === 'proposals' ? (collection as GrowOnlyMap<string, S, Tag>) : round.proposals,
    votes: kind === 'votes' ? (collection as GrowOnlyMap<string, V, Tag>) : round.votes,
    confirmations:
      kind === 'confirmations' ? (collection as GrowOnlyMap<string, S, Tag>) : round.confirmations,
  };
}

export class RoundBook<S, V, C, Tag> {
  private static readonly EMPTY = new RoundBook<never, never, never, never>([], 0, { latest: 0 });

  /** Tables sorted by rank; few at any time (bounded by the rank window). */
  private constructor(
    private readonly tables: readonly RankTable<Tag>[],
    private readonly version: number,
    private readonly lineage: Lineage,
  ) {}

  static empty<S, V, C, Tag>(): RoundBook<S, V, C, Tag> {
    return RoundBook.EMPTY as unknown as RoundBook<S, V, C, Tag>;
  }

  private table(rank: number): RankTable<Tag> | undefined {
    for (const table of this.tables) if (table.rank === rank) return table;
    return undefined;
  }

  /** The entry stored by `key` at `rank` (its tag: the message that brought it), if any. */
  tagOf(rank: number, kind: RoundKind, key: string): Tag | undefined {
    const core = this.table(rank)?.kinds[KIND_INDEX[kind]];
    if (core === undefined) return undefined;
    const i = core.index.get(key);
    return i === undefined || core.versions![i]! > this.version ? undefined : core.tag(i);
  }

  /** How many entries of `kind` are stored at `rank`. */
  sizeOf(rank: number, kind: RoundKind): number {
    return this.table(rank)?.kinds[KIND_INDEX[kind]]!.sizeAt(this.version) ?? 0;
  }

  /**
   * A book with one more entry: `value` stored by `key` at `rank`, `tag` kept with it. The key
   * must be absent (`tagOf` answered nothing): the first write wins, and the reducer checks.
   */
  withNew(rank: number, kind: RoundKind, key: string, value: unknown, tag: Tag): RoundBook<S, V, C, Tag> {
    const book = this.version === this.lineage.latest ? this : this.ownCopy();
    const version = ++book.lineage.latest;
    let tables = book.tables;
    let table = book.table(rank);
    if (table === undefined) {
      table = new RankTable<Tag>(rank);
      tables = sortedWith(tables, table);
    }
    table.kinds[KIND_INDEX[kind]]!.appendAt(key, value, tag, version);
    return new RoundBook(tables, version, book.lineage);
  }

  /** What this book sees, in tables of its own (a new lineage). */
  private ownCopy(): RoundBook<S, V, C, Tag> {
    return new RoundBook(
      this.tables.map((t) => t.copyAt(this.version)),
      this.version,
      { latest: this.version },
    );
  }

  /** One rank's data as this book sees it. */
  at(rank: number): Round<S, V, C, Tag> | undefined {
    const table = this.table(rank);
    return table === undefined ? undefined : this.view(table);
  }

  /** The round at `rank`, empty if nothing was received for it yet. */
  roundAt(rank: number): Round<S, V, C, Tag> {
    return this.at(rank) ?? emptyRound(rank);
  }

  private view(table: RankTable<Tag>): Round<S, V, C, Tag> {
    const collection = (k: number) => {
      const core = table.kinds[k]!;
      return GrowOnlyMap.over(core, core.sizeAt(this.version));
    };
    return {
      rank: table.rank,
      liveness: collection(0) as GrowOnlyMap<string, C, Tag>,
      proposals: collection(1) as GrowOnlyMap<string, S, Tag>,
      votes: collection(2) as GrowOnlyMap<string, V, Tag>,
      confirmations: collection(3) as GrowOnlyMap<string, S, Tag>,
    };
  }

  /** The rounds this book holds, lowest rank first. */
  get rounds(): readonly Round<S, V, C, Tag>[] {
    return this.tables.map((t) => this.view(t));
  }

  /** A book with `round` stored at its rank, replacing what was there (a test's or a tool's way in). */
  with(round: Round<S, V, C, Tag>): RoundBook<S, V, C, Tag> {
    const own = this.ownCopy();
    const lineage = own.lineage;
    const table = new RankTable<Tag>(round.rank);
    for (const kind of KINDS) {
      const collection = round[kind] as GrowOnlyMap<string, unknown, Tag>;
      const core = table.kinds[KIND_INDEX[kind]]!;
      const tags = collection.tags();
      for (const [key, value] of collection.entries())
        core.appendAt(key, value, tags.next().value as Tag, ++lineage.latest);
    }
    const tables = sortedWith(
      own.tables.filter((t) => t.rank !== round.rank),
      table,
    );
    return new RoundBook(tables, lineage.latest, lineage);
  }

  /** A book without the rounds at or below `rank`. */
  pruneThrough(rank: number): RoundBook<S, V, C, Tag> {
    if (this.tables.length === 0 || this.tables[0]!.rank > rank) return this;
    return new RoundBook(
      this.tables.filter((t) => t.rank > rank),
      this.version,
      this.lineage,
    );
  }

  ranks(): number[] {
    return this.tables.map((t) => t.rank);
  }

  counts(): RoundCounts[] {
    return this.tables.map((t) => ({
      rank: t.rank,
      liveness: t.kinds[0]!.sizeAt(this.version),
      proposals: t.kinds[1]!.sizeAt(this.version),
      votes: t.kinds[2]!.sizeAt(this.version),
      confirmations: t.kinds[3]!.sizeAt(this.version),
    }));
  }
}

/** `tables` with `table` inserted at its rank (absent from them). */
function sortedWith<Tag>(tables: readonly RankTable<Tag>[], table: RankTable<Tag>): RankTable<Tag>[] {
  const out = tables.slice();
  let i = 0;
  while (i < out.length && out[i]!.rank < table.rank) i++;
  out.splice(i, 0, table);
  return out;
}
