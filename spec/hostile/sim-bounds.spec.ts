/**
 * The simulator's own bounds: a node's log keeps whole frames for its last ranks only (a small entry
 * per rank for the safety check), and a campaign's first seed is `--first-seed` or `--seed`, never
 * silently the default when `--seed` was given.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { checkSafety } from '../../src/sim/check/safety';
import { NodeLog } from '../../src/sim/cluster/node-log';
import { campaignFirstSeed } from '../../src/entries/sim';
import type { Frame } from '../../src/reference/types';
import type { ClusterEvent } from '../../src/sim/cluster/events';
import { MB, retainedHeap } from './support';

const frameAt = (rank: number, id = `${rank}`.padStart(64, '0')): Frame => ({
  rank,
  id,
  parent: 'genesis',
  proposer: 'v1',
  // About the size of a real frame with its certificate (3.9 KB).
  mutations: ['m'.repeat(3900)].map((m) => `${m}${rank}`),
  proof: '',
  justify: null,
  timeout: null,
  signature: '',
});

const finalized = (rank: number, frame: Frame): ClusterEvent => ({
  kind: 'finalized',
  at: rank,
  node: 'v1',
  id: 'v1',
  incarnation: 0,
  rank,
  frame,
});

it("a node's log keeps the last frames whole and every rank's id, in bounded memory per rank", () => {
  const log = new NodeLog(100);
  const before = retainedHeap();
  for (let rank = 1; rank <= 22_000; rank++) log.record(finalized(rank, frameAt(rank)));
  const grown = retainedHeap() - before;
  expect(log.finalized.size).toBe(100);
  expect([...log.finalized.keys()][0]).toBe(21_901);
  expect(log.finalizations).toHaveLength(22_000);
  expect(log.finalizedIds.size).toBe(22_000);
  expect(log.highestRank).toBe(22_000);
  // Whole frames for every rank were about 87 MB.
  expect(grown).toBeLessThan(12 * MB);
});

it('the safety check still compares every rank, also ranks whose frames were dropped', () => {
  const a = new NodeLog(2);
  const b = new NodeLog(2);
  for (let rank = 1; rank <= 10; rank++) {
    a.record(finalized(rank, frameAt(rank)));
    b.record(finalized(rank, frameAt(rank, rank === 3 ? 'f'.repeat(64) : undefined)));
  }
  const violations = checkSafety({
    nodes: [a, b].map((log, i) => ({
      id: `v${i}`,
      role: 'honest' as const,
      finalizations: log.finalizations,
      votes: log.votes,
    })),
    evidence: [],
  });
  expect(violations.map((v) => v.kind === 'disagreement' && v.rank)).toEqual([3]);
});

describe("a campaign's first seed", () => {
  it('is --first-seed, else --seed, else 1', () => {
    expect(campaignFirstSeed({})).toBe(1);
    expect(campaignFirstSeed({ seed: 5 })).toBe(5);
    expect(campaignFirstSeed({ firstSeed: 7 })).toBe(7);
    expect(campaignFirstSeed({ seed: 7, firstSeed: 7 })).toBe(7);
  });

  it('refuses --seed and --first-seed that disagree, and the command exits 2 saying so', () => {
    expect(() => campaignFirstSeed({ seed: 5, firstSeed: 7 })).toThrow(
      new RangeError('--seed 5 and --first-seed 7 disagree: a campaign starts at one seed, give one of them'),
    );
    const root = join(__dirname, '..', '..');
    const run = spawnSync(
      join(root, 'node_modules', '.bin', 'tsx'),
      [
        join(root, 'examples', 'simulate.ts'),
        '--campaign',
        '3',
        '--quick',
        '--seed',
        '5',
        '--first-seed',
        '7',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--seed 5 and --first-seed 7 disagree');
  });
});
