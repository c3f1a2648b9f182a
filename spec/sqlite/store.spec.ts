import {
  closeSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  auditStoreFile,
  DoubleSignError,
  openSqliteValidatorStore,
  StoreAccessError,
  StoreChainError,
  StoreCorruptError,
  type SqliteValidatorStore,
} from '../../src/sqlite';
import { storeError } from '../../src/sqlite/schema';
import { entryAt, frameAt, recordTimeout, recordVote, tempDir, timeoutAt, voteAt } from './fixtures';

describe('SQLite validator store', () => {
  let dir: string;
  let file: string;
  const open: SqliteValidatorStore[] = [];
  const openStore = (options?: { journal?: 'wal' | 'delete' }): SqliteValidatorStore => {
    const store = openSqliteValidatorStore(file, options);
    open.push(store);
    return store;
  };

  beforeEach(() => {
    dir = tempDir();
    file = join(dir, 'validator.db');
  });
  afterEach(() => {
    for (const store of open.splice(0)) store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts empty', () => {
    const store = openStore();
    expect(store.safety()).toEqual({ highestVotedRank: -1, highestTimeoutRank: -1, lockedRank: -1 });
    expect(store.signedAt(0)).toBeUndefined();
    expect(store.lastFinalized()).toBeUndefined();
    expect(store.highestCertified()).toBeUndefined();
  });

  it.each(['wal', 'delete'] as const)('keeps everything across a reopen (%s journal)', (journal) => {
    const store = openStore({ journal });
    store.recordProposal(frameAt(3));
    recordVote(store, 3, 2);
    recordTimeout(store, 4, 3);
    store.recordCertified(entryAt(3));
    store.appendFinalized(entryAt(1));
    store.appendFinalized(entryAt(2));
    store.close();

    const again = openStore({ journal });
    expect(again.signedAt(3)).toEqual({ proposal: frameAt(3), vote: voteAt(3) });
    expect(again.signedAt(4)).toEqual({ timeout: timeoutAt(4, 3) });
    expect(again.signedFrom(0)).toEqual([3, 4]);
    // The timeout at 4 named a QC at 3: the lock follows it, as the safety rules say.
    expect(again.safety()).toEqual({ highestVotedRank: 4, highestTimeoutRank: 4, lockedRank: 3 });
    expect(again.highestCertified()).toEqual(entryAt(3));
    expect(again.lastFinalized()).toEqual(entryAt(2));
    expect(again.finalizedAfter(0, 10)).toEqual([entryAt(1), entryAt(2)]);
    expect(again.finalizedAfter(1, 10)).toEqual([entryAt(2)]);
    expect(again.finalizedAfter(0, 1)).toEqual([entryAt(1)]);
  });

  it('is synced when a record returns: a second connection sees it before the first closes', () => {
    const store = openStore();
    recordVote(store, 7, 6);
    // A crash now is a process that never closes: the commit must already be in the file (+ WAL).
    expect(auditStoreFile(file).signatures).toBe(1);
  });

  it('refuses a second, different message of one kind at one rank, and keeps the first', () => {
    const store = openStore();
    recordVote(store, 5, 4);
    recordVote(store, 5, 4); // the identical message again is fine
    expect(() => recordVote(store, 5, 4, 1)).toThrow(DoubleSignError);
    store.recordProposal(frameAt(5));
    expect(() => store.recordProposal(frameAt(5, 9))).toThrow(/second, different proposal at rank 5/);
    recordTimeout(store, 5, 3);
    expect(() => recordTimeout(store, 5, 4)).toThrow(DoubleSignError);
    store.close();
    const again = openStore();
    expect(again.signedAt(5)).toEqual({ vote: voteAt(5), proposal: frameAt(5), timeout: timeoutAt(5, 3) });
    expect(() => recordVote(again, 5, 4, 2)).toThrow(DoubleSignError);
    expect(auditStoreFile(file).doubleSignedRanks).toEqual([]);
  });

  it('never lowers the safety state', () => {
    const store = openStore();
    recordVote(store, 9, 8);
    recordVote(store, 6, 5);
    expect(store.safety()).toEqual({ highestVotedRank: 9, highestTimeoutRank: -1, lockedRank: 8 });
  });

  it('prunes signed messages but keeps the safety state and the journal', () => {
    const store = openStore();
    for (const rank of [1, 2, 3]) recordVote(store, rank, rank - 1);
    store.pruneSignedBelow(3);
    expect(store.signedFrom(0)).toEqual([3]);
    expect(store.safety().highestVotedRank).toBe(3);
    expect(auditStoreFile(file).signatures).toBe(3);
  });

  it('waits for the disk only for what the validator signed', () => {
    const store = openStore();
    store.recordProposal(frameAt(3));
    recordVote(store, 3, 2);
    recordTimeout(store, 4, 3);
    store.recordCertified(entryAt(3));
    store.appendFinalized(entryAt(2));
    store.pruneSignedBelow(1);
    expect(store.writes()).toEqual({ synced: 3, unsynced: 3 });
    // Unsynced commits are still commits: another connection sees them at once.
    expect(auditStoreFile(file).finalizedRank).toBe(2);
  });

  it('answers what it signed from memory once read or written, the same as from the file', () => {
    const store = openStore();
    expect(store.signedAt(6)).toBeUndefined(); // read once: nothing at 6
    store.recordProposal(frameAt(6));
    recordVote(store, 6, 5);
    expect(store.signedAt(6)).toEqual({ proposal: frameAt(6), vote: voteAt(6) });
    expect(() => recordVote(store, 6, 5, 1)).toThrow(DoubleSignError);
    expect(store.signedAt(6)).toEqual({ proposal: frameAt(6), vote: voteAt(6) });
    store.pruneSignedBelow(7);
    expect(store.signedAt(6)).toBeUndefined();
    store.close();
    expect(openStore().signedAt(6)).toBeUndefined();
  });

  it('answers a rank above the highest it signed at without reading the file, and reads it again after a reopen', () => {
    const store = openStore();
    recordVote(store, 5, 4);
    // A row written behind the store's back (nothing does this while the validator holds the
    // data dir's lock): the store answers a rank above 5 from memory, so it does not see it.
    const behind = new Database(file);
    behind.prepare("INSERT INTO signed (rank, kind, body, sum) VALUES (9, 'vote', '{}', 'x')").run();
    expect(store.signedAt(9)).toBeUndefined();
    expect(store.signedAt(5)).toEqual({ vote: voteAt(5) });
    // The first message signed at a rank is all there is at it; a second kind joins it.
    store.recordProposal(frameAt(7));
    recordVote(store, 7, 5);
    expect(store.signedAt(7)).toEqual({ proposal: frameAt(7), vote: voteAt(7) });
    expect(() => recordVote(store, 7, 5, 1)).toThrow(DoubleSignError);
    expect(() => recordVote(store, 5, 4, 1)).toThrow(DoubleSignError);
    behind.prepare('DELETE FROM signed WHERE rank = 9').run();
    behind.close();
    store.close();
    // Reopened, the highest rank is read from the file: what was signed at 7 is still refused.
    const again = openStore();
    expect(again.signedAt(7)).toEqual({ proposal: frameAt(7), vote: voteAt(7) });
    expect(() => recordVote(again, 7, 5, 1)).toThrow(DoubleSignError);
    expect(again.signedAt(8)).toBeUndefined();
    recordVote(again, 8, 7);
    expect(again.signedAt(8)).toEqual({ vote: voteAt(8) });
  });

  it('refuses a finalized frame below its head, and keeps the highest certified, across a reopen', () => {
    const store = openStore();
    store.appendFinalized(entryAt(3));
    store.recordCertified(entryAt(5));
    store.close();
    const again = openStore();
    expect(() => again.appendFinalized(entryAt(2))).toThrow(RangeError);
    again.appendFinalized(entryAt(3)); // the same entry again is a no-op
    again.recordCertified(entryAt(4));
    expect(again.highestCertified()).toEqual(entryAt(5));
    again.appendFinalized(entryAt(4));
    expect(again.lastFinalized()).toEqual(entryAt(4));
  });

  describe('group commit', () => {
    it('commits a signed message at once and puts it on disk at the next durable()', async () => {
      const store = openSqliteValidatorStore(file, { sync: 'group' });
      open.push(store);
      expect(store.pendingSync()).toBe(false);
      await store.durable(); // nothing to sync: no fsync
      expect(store.writes().synced).toBe(0);
      recordVote(store, 3, 2);
      // Committed (another connection sees it, a killed process keeps it) but not yet synced.
      expect(auditStoreFile(file).signatures).toBe(1);
      expect(store.pendingSync()).toBe(true);
      await store.durable();
      expect(store.pendingSync()).toBe(false);
      expect(store.writes()).toEqual({ synced: 1, unsynced: 1 });
    });

    it('shares one fsync among the messages signed before it, and starts another for those after', async () => {
      const store = openSqliteValidatorStore(file, { sync: 'group' });
      open.push(store);
      store.recordProposal(frameAt(4));
      recordVote(store, 4, 3);
      const first = [store.durable(), store.durable()];
      recordTimeout(store, 5, 4); // after the first fsync started: not covered by it
      const second = store.durable();
      let secondDone = false;
      void second.then(() => (secondDone = true));
      await Promise.all(first);
      expect(store.pendingSync()).toBe(true);
      await second;
      expect(secondDone).toBe(true);
      expect(store.pendingSync()).toBe(false);
      expect(store.writes().synced).toBe(2);
      expect(store.signedAt(5)).toEqual({ timeout: timeoutAt(5, 4) });
    });

    it('still refuses a second, different message at a rank', () => {
      const store = openSqliteValidatorStore(file, { sync: 'group' });
      open.push(store);
      recordVote(store, 5, 4);
      expect(() => recordVote(store, 5, 4, 1)).toThrow(DoubleSignError);
      expect(store.signedAt(5)).toEqual({ vote: voteAt(5) });
    });

    it('needs the write-ahead log', () => {
      expect(() => openSqliteValidatorStore(file, { journal: 'delete', sync: 'group' })).toThrow(
        /group commit needs the WAL journal/,
      );
    });

    it('rejects durable() once closed with a commit not yet synced', async () => {
      const store = openSqliteValidatorStore(file, { sync: 'group' });
      recordVote(store, 2, 1);
      store.close();
      await expect(store.durable()).rejects.toThrow(StoreAccessError);
      // And for good: nothing signed is recorded (nor sent) after that.
      expect(() => recordVote(store, 3, 2)).toThrow(StoreAccessError);
    });
  });

  describe('batch', () => {
    const groupStore = (): SqliteValidatorStore => {
      const store = openSqliteValidatorStore(file, { sync: 'group' });
      open.push(store);
      return store;
    };

    it('writes a certified head and the frames it made final in one transaction', () => {
      const store = groupStore();
      const reader = new Database(file, { readonly: true });
      const finalizedInFile = (): number =>
        (reader.prepare('SELECT COUNT(*) AS n FROM finalized').get() as { n: number }).n;
      const certifiedInFile = (): number =>
        (reader.prepare('SELECT COUNT(*) AS n FROM certified').get() as { n: number }).n;
      let seenInside: number[] = [];
      store.batch!(() => {
        store.recordCertified(entryAt(4));
        store.appendFinalized(entryAt(2));
        store.appendFinalized(entryAt(3));
        // Not one of them is committed before the batch ends.
        seenInside = [certifiedInFile(), finalizedInFile()];
      });
      expect(seenInside).toEqual([0, 0]);
      expect([certifiedInFile(), finalizedInFile()]).toEqual([1, 2]);
      // Outside a batch, each write is committed when it returns.
      store.appendFinalized(entryAt(4));
      expect(finalizedInFile()).toBe(3);
      reader.close();
      expect(store.highestCertified()).toEqual(entryAt(4));
      expect(store.finalizedAfter(1, 10).map((e) => e.frame.rank)).toEqual([2, 3, 4]);
    });

    it('keeps nothing of a batch that throws, and reads its heads from the file again', () => {
      const store = groupStore();
      store.appendFinalized(entryAt(1));
      expect(() =>
        store.batch!(() => {
          store.recordCertified(entryAt(4));
          store.appendFinalized(entryAt(2));
          throw new Error('a write after these failed');
        }),
      ).toThrow('a write after these failed');
      expect(store.highestCertified()).toBeUndefined();
      expect(store.lastFinalized()).toEqual(entryAt(1));
      // The head it had taken for written is forgotten: rank 2 is appended, not refused as a repeat.
      store.appendFinalized(entryAt(2));
      expect(store.finalizedAfter(0, 10).map((e) => e.frame.rank)).toEqual([1, 2]);
    });

    it('refuses to record a signed message inside a batch, and records it outside', () => {
      const store = groupStore();
      expect(() => store.batch!(() => recordVote(store, 3, 2))).toThrow(/transaction of its own/);
      expect(store.signedAt(3)).toBeUndefined();
      expect(store.safety().highestVotedRank).toBe(-1);
      recordVote(store, 3, 2);
      expect(store.signedAt(3)).toEqual({ vote: voteAt(3) });
    });

    it("with sync 'each', keeps each write its own: what came before a throw stays", () => {
      const store = openStore();
      expect(() =>
        store.batch!(() => {
          store.appendFinalized(entryAt(1));
          throw new Error('then this');
        }),
      ).toThrow('then this');
      expect(store.lastFinalized()).toEqual(entryAt(1));
    });
  });

  it('names a permissions problem as such, and damage as damage', () => {
    const access = [
      Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }),
      Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES' }),
      Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' }),
    ];
    for (const err of access) {
      const named = storeError(file, err);
      expect(named).toBeInstanceOf(StoreAccessError);
      expect(named.message).toContain('check the owner and mode');
      expect(named.message).not.toContain('cannot be trusted');
    }
    const damage = storeError(
      file,
      Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }),
    );
    expect(damage).toBeInstanceOf(StoreCorruptError);
  });

  it('serves one chain: a store opened for another chain is refused, naming both', () => {
    openStore().close();
    const first = openSqliteValidatorStore(file, { chain: 'chain-a' });
    first.close();
    expect(() => openSqliteValidatorStore(file, { chain: 'chain-b' })).toThrow(StoreChainError);
    expect(() => openSqliteValidatorStore(file, { chain: 'chain-b' })).toThrow(
      `validator store ${file} belongs to chain chain-a, not chain-b`,
    );
    openSqliteValidatorStore(file, { chain: 'chain-a' }).close();
  });

  it('refuses a store of the format before signatures named their chain, saying what to do', () => {
    openStore().close();
    const db = new Database(file);
    db.pragma('user_version = 1');
    db.close();
    expect(() => openStore()).toThrow(/schema version 1: .*start this validator from an empty data dir/);
  });

  it('appends the finalized chain in rank order only', () => {
    const store = openStore();
    store.appendFinalized(entryAt(2));
    store.appendFinalized(entryAt(2)); // replaying the same entry is a no-op
    expect(() => store.appendFinalized(entryAt(1))).toThrow(RangeError);
    store.appendFinalized(entryAt(4));
    expect(auditStoreFile(file)).toMatchObject({
      finalizedRank: 4,
      finalized: new Map([
        [2, entryAt(2).frame.id],
        [4, entryAt(4).frame.id],
      ]),
    });
  });

  it('keeps only the highest certified frame', () => {
    const store = openStore();
    store.recordCertified(entryAt(4));
    store.recordCertified(entryAt(3));
    expect(store.highestCertified()).toEqual(entryAt(4));
  });

  describe('a file it cannot trust is refused, naming the file', () => {
    const filled = (): void => {
      const store = openStore({ journal: 'delete' });
      for (let rank = 1; rank <= 40; rank += 1) {
        recordVote(store, rank, rank - 1);
        store.appendFinalized(entryAt(rank));
      }
      store.close();
    };
    const expectRefused = (problem: RegExp): void => {
      let caught: unknown;
      try {
        openStore();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(StoreCorruptError);
      expect((caught as Error).message).toContain(file);
      expect((caught as Error).message).toMatch(problem);
    };

    it('a truncated (torn) file', () => {
      filled();
      truncateSync(file, Math.floor(statSync(file).size / 2));
      expectRefused(/integrity|malformed/);
    });

    it('a file truncated to nothing', () => {
      filled();
      truncateSync(file, 0);
      expectRefused(/not a validator store/);
    });

    it('garbled header bytes', () => {
      filled();
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, 0);
      closeSync(fd);
      expectRefused(/not a database|not a validator store/);
    });

    it('a garbled record that SQLite still parses (caught by its checksum)', () => {
      filled();
      const bytes = readFileSync(file);
      const at = bytes.indexOf(Buffer.from('"mutations":["m30"]'));
      expect(at).toBeGreaterThan(0);
      bytes.write('"mutations":["m3X"]', at);
      writeFileSync(file, bytes);
      const store = openStore();
      expect(() => store.finalizedAfter(29, 1)).toThrow(StoreCorruptError);
      expect(() => store.finalizedAfter(29, 1)).toThrow(file);
    });

    it('a foreign SQLite database', () => {
      const db = new Database(file);
      db.exec('CREATE TABLE notes (text TEXT)');
      db.close();
      expectRefused(/not a validator store/);
    });

    it('a file that is not SQLite at all', () => {
      writeFileSync(file, 'hello, I am a text file'.repeat(100));
      expectRefused(/not a database|not a validator store/);
    });
  });
});
