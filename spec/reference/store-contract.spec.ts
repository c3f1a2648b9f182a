/**
 * One contract for every validator store: the in-memory store and the SQLite store get the same
 * random sequence of calls (what a validator does: record what it signed with the safety state the
 * safety rules computed, record certified and finalized frames, read back, prune) and must answer
 * every call alike, refusals included. A store that computed its own safety data, or refused a
 * different second message differently, fails here.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { createMemoryValidatorStore, DoubleSignError, type ValidatorStore } from '../../src/reference';
import { openSqliteValidatorStore } from '../../src/sqlite';
import { entryAt, frameAt, recordTimeout, recordVote, tempDir } from '../sqlite/fixtures';

type Call =
  | { readonly op: 'vote'; readonly rank: number; readonly lock: number; readonly salt: number }
  | { readonly op: 'timeout'; readonly rank: number; readonly highQc: number }
  | { readonly op: 'propose'; readonly rank: number; readonly salt: number }
  | { readonly op: 'certified'; readonly rank: number }
  | { readonly op: 'finalize'; readonly rank: number }
  | { readonly op: 'prune'; readonly rank: number };

const rank = fc.integer({ min: 1, max: 12 });
const call: fc.Arbitrary<Call> = fc.oneof(
  fc.record({
    op: fc.constant('vote' as const),
    rank,
    lock: fc.integer({ min: 0, max: 11 }),
    salt: fc.integer({ min: 0, max: 1 }),
  }),
  fc.record({ op: fc.constant('timeout' as const), rank, highQc: fc.integer({ min: 0, max: 11 }) }),
  fc.record({ op: fc.constant('propose' as const), rank, salt: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ op: fc.constant('certified' as const), rank }),
  fc.record({ op: fc.constant('finalize' as const), rank }),
  fc.record({ op: fc.constant('prune' as const), rank }),
);

/** What a store answered to `c`: the error's kind (and, for a double sign, what it refused) or nothing. */
function apply(store: ValidatorStore, c: Call): string {
  try {
    switch (c.op) {
      case 'vote':
        recordVote(store, c.rank, Math.min(c.lock, c.rank - 1), c.salt);
        break;
      case 'timeout':
        recordTimeout(store, c.rank, Math.min(c.highQc, c.rank - 1));
        break;
      case 'propose':
        store.recordProposal(frameAt(c.rank, c.salt));
        break;
      case 'certified':
        store.recordCertified(entryAt(c.rank));
        break;
      case 'finalize':
        store.appendFinalized(entryAt(c.rank));
        break;
      case 'prune':
        store.pruneSignedBelow(c.rank);
        break;
    }
    return 'ok';
  } catch (err) {
    if (err instanceof DoubleSignError) return `double-sign ${err.kind}@${err.rank}`;
    return err instanceof Error ? err.name : 'thrown';
  }
}

/** Everything a validator reads back from its store. */
const view = (store: ValidatorStore) => ({
  safety: store.safety(),
  signed: Object.fromEntries(store.signedFrom(0).map((r) => [r, store.signedAt(r)])),
  certified: store.highestCertified(),
  last: store.lastFinalized(),
  finalized: store.finalizedAfter(0, 100),
});

describe('every validator store keeps the same contract', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it.each(['each', 'group'] as const)(
    'the memory and SQLite stores (sync: %s) answer a random sequence of calls alike',
    (sync) => {
      fc.assert(
        fc.property(fc.array(call, { minLength: 1, maxLength: 25 }), (calls) => {
          const dir = tempDir();
          dirs.push(dir);
          const memory = createMemoryValidatorStore();
          const sqlite = openSqliteValidatorStore(join(dir, 'validator.db'), { sync });
          try {
            for (const c of calls) {
              expect(apply(sqlite, c)).toBe(apply(memory, c));
              expect(view(sqlite)).toEqual(view(memory));
            }
          } finally {
            sqlite.close();
          }
        }),
        { numRuns: 40 },
      );
    },
  );

  it('a timeout raises the lock to the QC it names, in both stores', () => {
    const dir = tempDir();
    dirs.push(dir);
    const stores = [createMemoryValidatorStore(), openSqliteValidatorStore(join(dir, 'validator.db'))];
    for (const store of stores) {
      recordVote(store, 3, 2);
      recordTimeout(store, 7, 6);
      expect(store.safety()).toEqual({ highestVotedRank: 7, highestTimeoutRank: 7, lockedRank: 6 });
      store.close();
    }
  });
});
