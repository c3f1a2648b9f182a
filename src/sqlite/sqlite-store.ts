/**
 * A `ValidatorStore` in one SQLite file: every `record*` is one transaction. With `sync: 'each'`
 * (the default) a signed message's transaction is committed with `synchronous = FULL` (on disk
 * when the call returns); with `sync: 'group'` it commits at once and `durable()` puts every
 * commit so far on disk with one fsync shared by all that wait for it (a group commit), which
 * `sendWhenDurable` awaits before the message leaves. A different message of the same kind at a
 * rank already signed throws `DoubleSignError`; a file that is not whole throws
 * `StoreCorruptError` naming it, at open or at the read that finds the damage.
 *
 * The process holds the data dir's lock, so nothing else writes the file: what it signed at recent
 * ranks and the heads of its chains are kept in memory as they are written, and read from the file
 * once. The highest rank it ever signed at is read at open; a rank above it (every new rank) holds
 * nothing signed, which is answered without reading the file.
 */
import { existsSync } from 'node:fs';
import { canonicalJsonOf } from '../wire/canonical';
import type { Ballot, Frame, TimeoutVote } from '../reference/types';
import type { FinalizedEntry, SafetyState, SignedAtRank } from '../reference/store/types';
import { DoubleSignError, type SignedKind } from './errors';
import { loadSqlite, type SqliteDatabase } from './load';
import { entryOf, safetyOf, signedOf, type Row, type SafetyRow } from './rows';
import { bindChain, checksum, createFile, prepare, readingFile } from './schema';
import type { SqliteStoreOptions, SqliteValidatorStore } from './store-types';
import { WalSync } from './wal-sync';

export type { SqliteStoreOptions, SqliteValidatorStore } from './store-types';

const NO_SAFETY: SafetyState = { highestVotedRank: -1, highestTimeoutRank: -1, lockedRank: -1 };

/**
 * Open (or create) the store at `file`; throws `StoreCorruptError` for a file it cannot trust,
 * `StoreAccessError` for one it may not read or write, `StoreChainError` for another chain's.
 */
export function openSqliteValidatorStore(
  file: string,
  options: SqliteStoreOptions = {},
): SqliteValidatorStore {
  const journal = options.journal ?? 'wal';
  const sync = options.sync ?? 'each';
  if (sync === 'group' && journal !== 'wal')
    throw new RangeError(`a group commit needs the WAL journal, not '${journal}' (${file})`);
  if (!existsSync(file)) readingFile(file, () => createFile(file, journal));
  const Database = loadSqlite();
  const db = readingFile(file, () => new Database(file, { fileMustExist: true }));
  try {
    prepare(db, file, journal, false);
    db.pragma(sync === 'group' ? 'synchronous = NORMAL' : 'synchronous = FULL');
    if (options.chain !== undefined) bindChain(db, file, options.chain);
    return new SqliteStore(db, file, sync);
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Ranks of signed messages kept in memory; past this many, the cache starts again. */
const SIGNED_CACHE_RANKS = 256;

class SqliteStore implements SqliteValidatorStore {
  private cachedSafety: SafetyState;
  /** What was signed at recent ranks, as written or as first read (`null`: nothing at the rank). */
  private readonly signedCache = new Map<number, SignedAtRank | null>();
  /** The ranks of the certified head and of the finalized head (-Infinity: none), once read or written. */
  private certifiedRank: number | undefined;
  private finalizedRank: number | undefined;
  /** The highest rank with a signed message in the file (-Infinity: none). */
  private highestSigned: number;
  private readonly sql;
  /** The group commit (`sync: 'group'`; with `'each'` nothing is ever pending). */
  private readonly group: WalSync;
  /**
   * Runs its argument in a transaction (a savepoint inside one already open): made once, as
   * better-sqlite3 builds a new wrapper function for each `db.transaction(fn)`.
   */
  private readonly inTransaction: <T>(run: () => T) => T;

  constructor(
    private readonly db: SqliteDatabase,
    readonly file: string,
    private readonly sync: 'each' | 'group',
  ) {
    this.group = new WalSync(
      file,
      () => db.open,
      () => {
        this.synced += 1;
      },
    );
    this.sql = {
      signedAt: db.prepare('SELECT rank, kind, body, sum FROM signed WHERE rank = ?'),
      signedOne: db.prepare('SELECT rank, body, sum FROM signed WHERE rank = ? AND kind = ?'),
      signedFrom: db.prepare('SELECT DISTINCT rank FROM signed WHERE rank >= ? ORDER BY rank'),
      highestSigned: db.prepare('SELECT MAX(rank) AS rank FROM signed'),
      insertSigned: db.prepare('INSERT INTO signed (rank, kind, body, sum) VALUES (?, ?, ?, ?)'),
      journal: db.prepare('INSERT INTO journal (rank, kind, sum) VALUES (?, ?, ?)'),
      safety: db.prepare('SELECT voted, timeout, locked, sum FROM safety WHERE id = 0'),
      putSafety: db.prepare(
        'INSERT OR REPLACE INTO safety (id, voted, timeout, locked, sum) VALUES (0, ?, ?, ?, ?)',
      ),
      certified: db.prepare('SELECT rank, body, sum FROM certified WHERE id = 0'),
      putCertified: db.prepare('INSERT OR REPLACE INTO certified (id, rank, body, sum) VALUES (0, ?, ?, ?)'),
      lastFinalized: db.prepare('SELECT rank, body, sum FROM finalized ORDER BY rank DESC LIMIT 1'),
      finalizedAfter: db.prepare(
        'SELECT rank, body, sum FROM finalized WHERE rank > ? ORDER BY rank LIMIT ?',
      ),
      appendFinalized: db.prepare('INSERT INTO finalized (rank, frame, body, sum) VALUES (?, ?, ?, ?)'),
      prune: db.prepare('DELETE FROM signed WHERE rank < ?'),
    };
    this.inTransaction = db.transaction(<T>(run: () => T): T => run()) as <T>(run: () => T) => T;
    this.cachedSafety = this.readSafety();
    this.highestSigned = this.read(
      () => (this.sql.highestSigned.get() as { rank: number | null } | undefined)?.rank ?? -Infinity,
    );
  }

  /**
   * `writes` as one transaction: a new certified head and the frames it made final are committed
   * once, not once each. With `sync: 'each'` each write stays its own transaction, and inside an
   * open transaction `writes` just joins it. If the transaction fails, nothing of it is kept, and
   * the heads this store remembers are read again from the file. A signed message cannot be
   * recorded inside a batch (it throws): its commit is its own, so that a rolled-back batch can
   * never take back something already sent.
   */
  batch<T>(writes: () => T): T {
    if (this.sync === 'each' || this.db.inTransaction) return writes();
    if (this.group.failure !== undefined) throw this.group.failure;
    try {
      return this.inTransaction(writes);
    } catch (err) {
      this.forgetWhatWasWritten();
      throw err;
    }
  }

  /** After a batch was rolled back: the heads written in it are not in the file. */
  private forgetWhatWasWritten(): void {
    this.certifiedRank = undefined;
    this.finalizedRank = undefined;
  }

  signedAt(rank: number): SignedAtRank | undefined {
    if (rank > this.highestSigned) return undefined;
    const cached = this.signedCache.get(rank);
    if (cached !== undefined) return cached ?? undefined;
    const read = this.readSignedAt(rank);
    this.cacheSigned(rank, read ?? null);
    return read;
  }

  private readSignedAt(rank: number): SignedAtRank | undefined {
    const rows = this.read(() => this.sql.signedAt.all(rank) as (Row & { kind: SignedKind })[]);
    return signedOf(this.file, rank, rows);
  }

  signedFrom(rank: number): readonly number[] {
    return this.read(() => (this.sql.signedFrom.all(rank) as { rank: number }[]).map((r) => r.rank));
  }

  safety(): SafetyState {
    return this.cachedSafety;
  }

  recordProposal(frame: Frame): void {
    let recorded = false;
    this.writeSigned(() => {
      recorded = this.recordSigned('proposal', frame.rank, frame);
    });
    if (recorded) this.signedNow(frame.rank, 'proposal', frame);
  }

  recordVote(vote: Ballot, next: SafetyState): void {
    this.recordWithSafety('vote', vote.rank, vote, next);
  }

  recordTimeout(timeout: TimeoutVote, next: SafetyState): void {
    this.recordWithSafety('timeout', timeout.rank, timeout, next);
  }

  /**
   * The message and the safety state after it in one transaction; the state this store answers
   * with changes only once that transaction committed, so after a failed write it is the disk's.
   */
  private recordWithSafety(
    kind: 'vote' | 'timeout',
    rank: number,
    message: unknown,
    next: SafetyState,
  ): void {
    let recorded = false;
    this.writeSigned(() => {
      recorded = this.recordSigned(kind, rank, message);
      if (recorded) this.putSafety(next);
    });
    if (recorded) {
      this.cachedSafety = next;
      this.signedNow(rank, kind, message);
    }
  }

  /** A signed message just committed: the cached rank (if any) holds it too. */
  private signedNow(rank: number, kind: SignedKind, message: unknown): void {
    if (rank > this.highestSigned) {
      // The first message signed at this rank: all that is there, known without a read.
      this.highestSigned = rank;
      this.cacheSigned(rank, { [kind]: message });
      return;
    }
    const cached = this.signedCache.get(rank);
    if (cached === undefined) return; // not cached: the next read finds it in the file
    this.signedCache.set(rank, { ...cached, [kind]: message });
  }

  private cacheSigned(rank: number, signed: SignedAtRank | null): void {
    if (this.signedCache.size >= SIGNED_CACHE_RANKS) this.signedCache.clear();
    this.signedCache.set(rank, signed);
  }

  highestCertified(): FinalizedEntry | undefined {
    const row = this.read(() => this.sql.certified.get() as Row | undefined);
    return row === undefined ? undefined : entryOf(this.file, row, 'certified');
  }

  recordCertified(entry: FinalizedEntry): void {
    if (this.certifiedRank === undefined) {
      const current = this.read(() => this.sql.certified.get() as Row | undefined);
      this.certifiedRank = current?.rank ?? -Infinity;
    }
    if (this.certifiedRank >= entry.frame.rank) return;
    const body = canonicalJsonOf(entry);
    this.writeUnsynced(() =>
      this.sql.putCertified.run(entry.frame.rank, body, checksum('certified', entry.frame.rank, body)),
    );
    this.certifiedRank = entry.frame.rank;
  }

  appendFinalized(entry: FinalizedEntry): void {
    if (this.finalizedRank === undefined) {
      const last = this.read(() => this.sql.lastFinalized.get() as Row | undefined);
      this.finalizedRank = last?.rank ?? -Infinity;
    }
    const head = this.finalizedRank;
    if (head >= entry.frame.rank) {
      const known = this.finalizedAfter(entry.frame.rank - 1, 1)[0];
      if (known !== undefined && known.frame.rank === entry.frame.rank && known.frame.id === entry.frame.id)
        return;
      throw new RangeError(
        `finalized rank ${entry.frame.rank} does not extend the chain ending at rank ${head} (${this.file})`,
      );
    }
    const body = canonicalJsonOf(entry);
    const { rank, id } = entry.frame;
    this.writeUnsynced(() => this.sql.appendFinalized.run(rank, id, body, checksum('finalized', rank, body)));
    this.finalizedRank = rank;
  }

  lastFinalized(): FinalizedEntry | undefined {
    const row = this.read(() => this.sql.lastFinalized.get() as Row | undefined);
    return row === undefined ? undefined : entryOf(this.file, row, 'finalized');
  }

  finalizedAfter(afterRank: number, limit: number): readonly FinalizedEntry[] {
    const rows = this.read(() => this.sql.finalizedAfter.all(afterRank, Math.max(0, limit)) as Row[]);
    return rows.map((row) => entryOf(this.file, row, 'finalized'));
  }

  pruneSignedBelow(rank: number): void {
    this.writeUnsynced(() => this.sql.prune.run(rank));
    for (const cached of this.signedCache.keys()) if (cached < rank) this.signedCache.delete(cached);
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.group.close();
  }

  /** Inserts a signed message; false when the identical one is already there, throws when another is. */
  private recordSigned(kind: SignedKind, rank: number, message: unknown): boolean {
    const body = canonicalJsonOf(message);
    const sum = checksum('signed', rank, kind, body);
    const existing =
      rank > this.highestSigned ? undefined : (this.sql.signedOne.get(rank, kind) as Row | undefined);
    if (existing !== undefined) {
      if (existing.sum === sum && existing.body === body) return false;
      throw new DoubleSignError(kind, rank, this.file);
    }
    this.sql.insertSigned.run(rank, kind, body, sum);
    this.sql.journal.run(rank, kind, sum);
    return true;
  }

  private putSafety(next: SafetyState): void {
    const { highestVotedRank: v, highestTimeoutRank: to, lockedRank: l } = next;
    this.sql.putSafety.run(v, to, l, checksum('safety', v, to, l));
  }

  private readSafety(): SafetyState {
    const row = this.read(() => this.sql.safety.get() as SafetyRow | undefined);
    return row === undefined ? NO_SAFETY : safetyOf(this.file, row);
  }

  private read<T>(run: () => T): T {
    return readingFile(this.file, run);
  }

  private synced = 0;
  private unsynced = 0;

  writes(): { readonly synced: number; readonly unsynced: number } {
    return { synced: this.synced, unsynced: this.unsynced };
  }

  /**
   * The transaction of a signed message: synced before it returns (`'each'`), or committed and
   * left for the next group commit (`'group'`).
   */
  private writeSigned(run: () => void): void {
    if (this.group.failure !== undefined) throw this.group.failure;
    if (this.db.inTransaction)
      throw new Error(
        `a signed message is recorded in a transaction of its own, not inside batch() (${this.file})`,
      );
    if (this.sync === 'each') {
      this.inTransaction(run);
      this.synced += 1;
      return;
    }
    this.inTransaction(run);
    this.unsynced += 1;
    this.group.committedOne();
  }

  /**
   * One transaction committed without waiting for the disk (`synchronous = NORMAL`): a crash of
   * the process loses nothing (the commit is in the operating system's cache), a crash of the
   * machine may lose it, and then peers send the frames again. The next synced commit or group
   * commit syncs it too (the write-ahead log is one file, synced whole).
   */
  private writeUnsynced(run: () => void): void {
    if (this.sync === 'group') this.inTransaction(run);
    else {
      this.db.pragma('synchronous = NORMAL');
      try {
        this.inTransaction(run);
      } finally {
        this.db.pragma('synchronous = FULL');
      }
    }
    this.unsynced += 1;
  }

  pendingSync(): boolean {
    return this.group.pending();
  }

  durable(): Promise<void> {
    return this.group.durable();
  }
}
