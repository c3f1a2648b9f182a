/**
 * A `ValidatorStore` in one SQLite file: every `record*` is one transaction, committed with
 * `synchronous = FULL` (the commit is on disk when the call returns), so a signed message is
 * durable before the validator hands it to the transport. A different message of the same kind
 * at a rank already signed throws `DoubleSignError`; a file that is not whole throws
 * `StoreCorruptError` naming it, at open or at the read that finds the damage.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
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
import { DoubleSignError, StoreChainError, StoreCorruptError, type SignedKind } from './errors';
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
   * Transactions so far: `synced` waited for the disk (what this validator signed, and its safety
   * state), `unsynced` did not (certified and finalized frames, pruning: peers can send them again).
   */
  writes(): { readonly synced: number; readonly unsynced: number };
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
  if (!existsSync(file)) readingFile(file, () => createFile(file, journal));
  const Database = loadSqlite();
  const db = readingFile(file, () => new Database(file, { fileMustExist: true }));
  try {
    prepare(db, file, journal, false);
    db.pragma('synchronous = FULL');
    if (options.chain !== undefined) bindChain(db, file, options.chain);
    return new SqliteStore(db, file);
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

class SqliteStore implements SqliteValidatorStore {
  private cachedSafety: SafetyState;
  private readonly sql;

  constructor(
    private readonly db: SqliteDatabase,
    readonly file: string,
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
    this.write(() => this.recordSigned('proposal', frame.rank, frame));
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
    this.write(() => {
      recorded = this.recordSigned(kind, rank, message);
      if (recorded) this.putSafety(next);
    });
    if (recorded) this.cachedSafety = next;
  }

  highestCertified(): FinalizedEntry | undefined {
    const row = this.read(() => this.sql.certified.get() as Row | undefined);
    return row === undefined ? undefined : this.entry(row, 'certified');
  }

  recordCertified(entry: FinalizedEntry): void {
    const current = this.read(() => this.sql.certified.get() as Row | undefined);
    if (current !== undefined && current.rank >= entry.frame.rank) return;
    const body = canonicalJsonOf(entry);
    this.writeUnsynced(() =>
      this.sql.putCertified.run(entry.frame.rank, body, checksum('certified', entry.frame.rank, body)),
    );
  }

  appendFinalized(entry: FinalizedEntry): void {
    const last = this.read(() => this.sql.lastFinalized.get() as Row | undefined);
    if (last !== undefined && last.rank >= entry.frame.rank) {
      const known = this.finalizedAfter(entry.frame.rank - 1, 1)[0];
      if (known !== undefined && known.frame.rank === entry.frame.rank && known.frame.id === entry.frame.id)
        return;
      throw new RangeError(
        `finalized rank ${entry.frame.rank} does not extend the chain ending at rank ${last.rank} (${this.file})`,
      );
    }
    const body = canonicalJsonOf(entry);
    const { rank, id } = entry.frame;
    this.writeUnsynced(() => this.sql.appendFinalized.run(rank, id, body, checksum('finalized', rank, body)));
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
  }

  close(): void {
    if (this.db.open) this.db.close();
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

  /** One transaction, committed (and synced) before it returns. */
  private write(run: () => void): void {
    this.db.transaction(run)();
    this.synced += 1;
  }

  /**
   * One transaction committed without waiting for the disk (`synchronous = NORMAL` for it alone):
   * a crash of the process loses nothing (the commit is in the operating system's cache), a crash
   * of the machine may lose it, and then peers send the frames again. The next synced commit
   * syncs it too.
   */
  private writeUnsynced(run: () => void): void {
    this.db.pragma('synchronous = NORMAL');
    try {
      this.db.transaction(run)();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
    this.unsynced += 1;
  }

  private corrupt(problem: string): StoreCorruptError {
    return new StoreCorruptError(this.file, problem);
  }
}
