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
 * once.
 */
import { closeSync, existsSync, fsync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type * as t from 'io-ts';
import { isRight } from 'fp-ts/Either';
import { canonicalJsonOf } from '../wire/canonical';
import {
  BallotCodec,
  FrameCodec,
  QuorumCertCodec,
  TimeoutVoteCodec,
  type Ballot,
  type Frame,
  type TimeoutVote,
} from '../reference/types';
import type { FinalizedEntry, SafetyState, SignedAtRank, ValidatorStore } from '../reference/store/types';
import {
  DoubleSignError,
  StoreAccessError,
  StoreChainError,
  StoreCorruptError,
  type SignedKind,
} from './errors';
import { loadSqlite, type SqliteDatabase } from './load';
import { checksum, prepare, readingFile } from './schema';

export interface SqliteStoreOptions {
  /** WAL (default) appends commits to a log beside the file; 'delete' is the rollback journal. */
  readonly journal?: 'wal' | 'delete';
  /**
   * The chain this store serves (a validator's chain scope): written into a new store, and a store
   * of another chain is refused (`StoreChainError`). Absent: not checked.
   */
  readonly chain?: string;
  /**
   * When a signed message's commit reaches the disk: `'each'` (default) in its own transaction,
   * before `record*` returns; `'group'` at the next `durable()`, one fsync for every commit made
   * before it (WAL journal only). With `'group'`, nothing signed may leave before `durable()`
   * resolved: wrap the transport in `sendWhenDurable`.
   */
  readonly sync?: 'each' | 'group';
}

const SIGNED_CODECS = { proposal: FrameCodec, vote: BallotCodec, timeout: TimeoutVoteCodec } as const;
const NO_SAFETY: SafetyState = { highestVotedRank: -1, highestTimeoutRank: -1, lockedRank: -1 };

interface Row {
  readonly rank: number;
  readonly body: string;
  readonly sum: string;
}

/** A validator store in one SQLite file. */
export interface SqliteValidatorStore extends ValidatorStore {
  /** The store's file, as every error names it. */
  readonly file: string;
  /**
   * Writes so far: `synced` waited for the disk (with `sync: 'each'` each transaction of what
   * this validator signed and its safety state; with `'group'` each group commit), `unsynced` did
   * not (certified and finalized frames, pruning: peers can send them again; with `'group'` the
   * signed messages' own transactions too).
   */
  writes(): { readonly synced: number; readonly unsynced: number };
  /** True while a signed message is committed but not yet on disk (`sync: 'group'` only). */
  pendingSync(): boolean;
  /**
   * Resolves once every commit made before the call is on disk: at once when there is none, else
   * after one fsync of the write-ahead log that every caller waiting meanwhile shares. Rejects
   * (then and for good after) when the disk refuses: nothing signed may be sent after that.
   */
  durable(): Promise<void>;
}

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

/** The store names its chain: the first validator to open it sets it, every later one must match. */
function bindChain(db: SqliteDatabase, file: string, chain: string): void {
  const row = readingFile(file, () => db.prepare("SELECT value FROM meta WHERE key = 'chain'").get()) as
    { value: string } | undefined;
  if (row === undefined) db.prepare("INSERT INTO meta (key, value) VALUES ('chain', ?)").run(chain);
  else if (row.value !== chain) throw new StoreChainError(file, row.value, chain);
}

/** A new store is built beside its final name and renamed in: a crash leaves no half-made file. */
function createFile(file: string, journal: 'wal' | 'delete'): void {
  const staging = `${file}.init`;
  rmSync(staging, { force: true });
  const db = new (loadSqlite())(staging);
  try {
    prepare(db, staging, journal, true);
  } finally {
    db.close();
  }
  syncPath(staging);
  renameSync(staging, file);
  syncPath(dirname(file));
}

function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
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
  private readonly sql;

  constructor(
    private readonly db: SqliteDatabase,
    readonly file: string,
    private readonly sync: 'each' | 'group',
  ) {
    this.sql = {
      signedAt: db.prepare('SELECT rank, kind, body, sum FROM signed WHERE rank = ?'),
      signedOne: db.prepare('SELECT rank, body, sum FROM signed WHERE rank = ? AND kind = ?'),
      signedFrom: db.prepare('SELECT DISTINCT rank FROM signed WHERE rank >= ? ORDER BY rank'),
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
    this.cachedSafety = this.readSafety();
  }

  signedAt(rank: number): SignedAtRank | undefined {
    const cached = this.signedCache.get(rank);
    if (cached !== undefined) return cached ?? undefined;
    const read = this.readSignedAt(rank);
    this.cacheSigned(rank, read ?? null);
    return read;
  }

  private readSignedAt(rank: number): SignedAtRank | undefined {
    const rows = this.read(() => this.sql.signedAt.all(rank) as (Row & { kind: SignedKind })[]);
    if (rows.length === 0) return undefined;
    const signed: { proposal?: Frame; vote?: Ballot; timeout?: TimeoutVote } = {};
    for (const row of rows) {
      const codec = SIGNED_CODECS[row.kind] as t.Type<unknown> | undefined;
      if (codec === undefined)
        throw this.corrupt(`unknown signed kind ${JSON.stringify(row.kind)} at rank ${rank}`);
      (signed as Record<string, unknown>)[row.kind] = this.decode(
        codec,
        row,
        `signed ${row.kind}`,
        rank,
        row.kind,
      );
    }
    return signed;
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
    return row === undefined ? undefined : this.entry(row, 'certified');
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
    return row === undefined ? undefined : this.entry(row, 'finalized');
  }

  finalizedAfter(afterRank: number, limit: number): readonly FinalizedEntry[] {
    const rows = this.read(() => this.sql.finalizedAfter.all(afterRank, Math.max(0, limit)) as Row[]);
    return rows.map((row) => this.entry(row, 'finalized'));
  }

  pruneSignedBelow(rank: number): void {
    this.writeUnsynced(() => this.sql.prune.run(rank));
    for (const cached of this.signedCache.keys()) if (cached < rank) this.signedCache.delete(cached);
  }

  close(): void {
    if (this.db.open) this.db.close();
    if (this.flushing === undefined) this.closeWal();
  }

  /** Inserts a signed message; false when the identical one is already there, throws when another is. */
  private recordSigned(kind: SignedKind, rank: number, message: unknown): boolean {
    const body = canonicalJsonOf(message);
    const sum = checksum('signed', rank, kind, body);
    const existing = this.sql.signedOne.get(rank, kind) as Row | undefined;
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
    const row = this.read(
      () =>
        this.sql.safety.get() as { voted: number; timeout: number; locked: number; sum: string } | undefined,
    );
    if (row === undefined) return NO_SAFETY;
    if (row.sum !== checksum('safety', row.voted, row.timeout, row.locked))
      throw this.corrupt('safety record checksum');
    return { highestVotedRank: row.voted, highestTimeoutRank: row.timeout, lockedRank: row.locked };
  }

  private entry(row: Row, table: 'certified' | 'finalized'): FinalizedEntry {
    if (row.sum !== checksum(table, row.rank, row.body))
      throw this.corrupt(`${table} record at rank ${row.rank} checksum`);
    const value = this.parse(row.body, `${table} record at rank ${row.rank}`) as {
      frame?: unknown;
      certificate?: unknown;
    };
    const frame = FrameCodec.decode(value?.frame);
    const certificate = QuorumCertCodec.decode(value?.certificate);
    if (!isRight(frame) || !isRight(certificate))
      throw this.corrupt(`${table} record at rank ${row.rank} is malformed`);
    return { frame: frame.right, certificate: certificate.right };
  }

  private decode(codec: t.Type<unknown>, row: Row, what: string, rank: number, kind: SignedKind): unknown {
    if (row.sum !== checksum('signed', rank, kind, row.body))
      throw this.corrupt(`${what} at rank ${rank} checksum`);
    const decoded = codec.decode(this.parse(row.body, `${what} at rank ${rank}`));
    if (!isRight(decoded)) throw this.corrupt(`${what} at rank ${rank} is malformed`);
    return decoded.right;
  }

  private parse(body: string, what: string): unknown {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw this.corrupt(`${what} is not JSON`);
    }
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
    if (this.failure !== undefined) throw this.failure;
    if (this.sync === 'each') {
      this.db.transaction(run)();
      this.synced += 1;
      return;
    }
    this.db.transaction(run)();
    this.unsynced += 1;
    this.committed += 1;
  }

  /**
   * One transaction committed without waiting for the disk (`synchronous = NORMAL`): a crash of
   * the process loses nothing (the commit is in the operating system's cache), a crash of the
   * machine may lose it, and then peers send the frames again. The next synced commit or group
   * commit syncs it too (the write-ahead log is one file, synced whole).
   */
  private writeUnsynced(run: () => void): void {
    if (this.sync === 'group') this.db.transaction(run)();
    else {
      this.db.pragma('synchronous = NORMAL');
      try {
        this.db.transaction(run)();
      } finally {
        this.db.pragma('synchronous = FULL');
      }
    }
    this.unsynced += 1;
  }

  // The group commit: signed commits counted, and how many of them the last fsync covered.
  private committed = 0;
  private flushed = 0;
  private flushing: Promise<void> | undefined;
  private failure: Error | undefined;
  private walFd: number | undefined;

  pendingSync(): boolean {
    return this.flushed < this.committed;
  }

  durable(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return this.flushThrough(this.committed);
  }

  /** Waits for the fsync in flight, and starts another while it did not cover commit `target`. */
  private flushThrough(target: number): Promise<void> {
    if (this.flushed >= target) return Promise.resolve();
    this.flushing ??= this.flush();
    return this.flushing.then(() => this.flushThrough(target));
  }

  /**
   * One fsync of the write-ahead log (on the thread pool: the process goes on meanwhile), covering
   * every commit made before it started. SQLite appends each commit to that one file, so syncing
   * it is what `synchronous = FULL` does at each commit.
   */
  private flush(): Promise<void> {
    const upTo = this.committed;
    return new Promise<void>((resolve, reject) => {
      const done = (err: unknown): void => {
        this.flushing = undefined;
        if (!this.db.open) this.closeWal();
        if (err !== null && err !== undefined) {
          this.failure ??= new StoreAccessError(
            this.file,
            `syncing the write-ahead log failed: ${err instanceof Error ? err.message : String(err)}`,
          );
          reject(this.failure);
          return;
        }
        this.flushed = Math.max(this.flushed, upTo);
        this.synced += 1;
        resolve();
      };
      try {
        if (!this.db.open) throw new Error('the store is closed');
        this.walFd ??= openSync(`${this.file}-wal`, 'r');
        fsync(this.walFd, done);
      } catch (err) {
        done(err);
      }
    });
  }

  private closeWal(): void {
    if (this.walFd === undefined) return;
    closeSync(this.walFd);
    this.walFd = undefined;
  }

  private corrupt(problem: string): StoreCorruptError {
    return new StoreCorruptError(this.file, problem);
  }
}
