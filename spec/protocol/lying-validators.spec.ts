/**
 * Validators that sign false fields, in virtual time: a timeout that claims a QC nobody
 * certified, a timeout certificate built around such a claim, certificates that do not cover what
 * they claim to, ballots that disagree with their proposal, catch-up answers that are genuine but
 * useless, and messages of another chain signed with the same key. Each costs the honest
 * validators at most what a silent validator costs: they stay safe and keep finalizing at the
 * silent rate.
 */
import {
  ballotLiar,
  catchUpLiar,
  createCluster,
  otherChain,
  silent,
  staleCertificates,
  timeoutLiar,
  withholder,
  type ByzantineStrategy,
  type Cluster,
} from '../../src/entries/sim';
import { expectSafe } from '../sim/cluster-helpers';

/** The rank every honest node has finalized (the lowest of their highest final ranks). */
function finalizedByAll(cluster: Cluster): number {
  return Math.min(...cluster.honestNodes().map((n) => Math.max(0, ...n.log.finalized.keys())));
}

interface Run {
  readonly finalized: number;
  readonly refused: Readonly<Record<string, number>>;
}

const silentRuns = new Map<string, Run>();

/** The same run with the Byzantine validators silent, computed once per setting. */
function silentRun(n: number, byzantine: readonly string[], ms: number, cut?: Cut): Run {
  const key = JSON.stringify([n, byzantine, ms, cut]);
  let found = silentRuns.get(key);
  if (found === undefined) {
    found = run(n, byzantine, silent, ms, cut);
    silentRuns.set(key, found);
  }
  return found;
}

interface Cut {
  readonly id: string;
  readonly until: number;
}

/** `byzantine` validators of `n` run `strategy` for `ms`; until `cut.until`, `cut.id` is isolated. */
function run(
  n: number,
  byzantine: readonly string[],
  strategy: () => ByzantineStrategy,
  ms: number,
  cut?: Cut,
): Run {
  const cluster = createCluster({
    validators: n,
    byzantine: Object.fromEntries(byzantine.map((id) => [id, strategy()])),
  });
  if (cut !== undefined) cluster.network.isolate(cut.id);
  cluster.start();
  if (cut !== undefined) {
    cluster.runFor(cut.until);
    cluster.network.heal();
  }
  cluster.runFor(ms - (cut?.until ?? 0));
  expectSafe(cluster);
  const refused: Record<string, number> = {};
  for (const node of cluster.honestNodes())
    for (const [reason, count] of Object.entries(node.log.rejectedByReason))
      refused[reason] = (refused[reason] ?? 0) + count;
  const finalized = finalizedByAll(cluster);
  cluster.close();
  return { finalized, refused };
}

describe('a validator that signs an inflated highQcRank cannot stall the chain', () => {
  it('n = 7, two liars leading consecutive ranks, synchronous network: the silent rate', () => {
    // v5 and v6 lead ranks 5 and 6 (mod 7): consecutive, the case that stalled for good.
    const liars = run(7, ['v5', 'v6'], () => timeoutLiar({ claim: 'inflated' }), 8_000);
    const quiet = silentRun(7, ['v5', 'v6'], 8_000);
    expect(quiet.finalized).toBeGreaterThan(20);
    expect(liars.finalized).toBeGreaterThanOrEqual(Math.floor(quiet.finalized * 0.8));
    // The lies reached the honest validators and were refused as unproven claims.
    expect(liars.refused.malformed).toBeGreaterThan(0);
  });

  it('n = 4, one liar, one validator cut off for the first 1.5 s and then healed: the silent rate', () => {
    const cut = { id: 'v1', until: 1_500 };
    const liars = run(4, ['v3'], () => timeoutLiar({ claim: 'inflated' }), 10_000, cut);
    const quiet = silentRun(4, ['v3'], 10_000, cut);
    expect(quiet.finalized).toBeGreaterThan(40);
    expect(liars.finalized).toBeGreaterThanOrEqual(Math.floor(quiet.finalized * 0.8));
  });

  it('a deflated claim is harmless: the chain goes on', () => {
    const liars = run(4, ['v3'], () => timeoutLiar({ claim: 'deflated' }), 6_000);
    const quiet = silentRun(4, ['v3'], 6_000);
    expect(liars.finalized).toBeGreaterThanOrEqual(Math.floor(quiet.finalized * 0.8));
  });
});

describe('other signed lies cost no more than silence', () => {
  const cases: readonly (readonly [string, () => ByzantineStrategy, string | null])[] = [
    ['stale or uncovering certificates', staleCertificates, null],
    ['ballots that disagree with their proposal', ballotLiar, null],
    ['genuine but useless catch-up answers', () => catchUpLiar({ unaskedEvery: 200 }), null],
    ['withholding from half the peers', withholder, null],
    ['messages of another chain with the same key', () => otherChain(), 'malformed'],
  ];
  it.each(cases)('%s', (_name, strategy, refusal) => {
    const lying = run(4, ['v3'], strategy, 6_000);
    const quiet = silentRun(4, ['v3'], 6_000);
    expect(lying.finalized).toBeGreaterThanOrEqual(Math.floor(quiet.finalized * 0.8));
    if (refusal !== null) expect(lying.refused[refusal]).toBeGreaterThan(0);
  });
});
