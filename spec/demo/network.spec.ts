/**
 * The multi-node example network (issue 3), in virtual time: four validators with one Byzantine
 * (phantom votes, conflicting votes to different peers, stale replays), seven with two, and a
 * lossy, reordering network. Honest nodes finalize the same frame at every rank, refuse the
 * Byzantine votes with signed proof, and nobody honest votes twice.
 */
import { byzantineIds, runNetwork, type NetworkOptions } from '../../examples/network';
import type { Cluster } from '../../src/entries/sim';
import { doubleVoteRanks, provenEquivocations } from '../sim/cluster-helpers';

async function run(options: Partial<NetworkOptions>) {
  let cluster: Cluster | undefined;
  const result = await runNetwork({ ...options, watch: (c) => void (cluster = c) });
  return { ...result, cluster: cluster! };
}

/**
 * Every honest node finalized one chain from genesis up to `rounds` (each frame's parent the
 * final frame before it; a rank that ended by a timeout certificate has none), the same one.
 */
function expectSameChainEverywhere(cluster: Cluster, rounds: number): void {
  const [first, ...others] = cluster.honestNodes();
  const chain = [...first!.log.finalized.values()]
    .sort((a, b) => a.rank - b.rank)
    .filter((f) => f.rank <= rounds);
  expect(chain[0]?.rank).toBe(0);
  chain.slice(1).forEach((frame, i) => expect(frame.parent).toBe(chain[i]!.id));
  expect(chain[chain.length - 1]!.rank).toBeGreaterThanOrEqual(rounds - 1);
  for (const frame of chain) {
    for (const node of others) expect(node.log.finalized.get(frame.rank)?.id).toBe(frame.id);
  }
}

/** No honest validator signed two different votes at one rank; each Byzantine one did, and was caught. */
function expectVotesChecked(cluster: Cluster, byzantine: readonly string[]): void {
  for (const node of cluster.honestNodes()) {
    for (const ids of node.log.signedVotes.values()) expect(ids.size).toBe(1);
  }
  const doubles = cluster.nodes.flatMap((n) => doubleVoteRanks(n).map((rank) => ({ validator: n.id, rank })));
  expect(doubles.length).toBeGreaterThan(0);
  expect(new Set(doubles.map((d) => d.validator))).toEqual(new Set(byzantine));
  for (const node of cluster.honestNodes()) {
    const proven = provenEquivocations(cluster, node);
    const accused = new Set(proven.map((r) => (r.reason === 'equivocation' ? r.voter : '')));
    expect(accused).toEqual(new Set(byzantine));
    // Every rank the Byzantine nodes double-voted at, this node refused at least one of their votes.
    expect(node.log.rejectedByReason.equivocation).toBeGreaterThanOrEqual(doubles.length / 2);
  }
}

describe('the example network', () => {
  it('4 nodes, 1 Byzantine, 100 rounds: one chain, conflicting votes refused everywhere, no honest double vote', async () => {
    const { cluster, reached, agree, summary } = await run({ rounds: 100 });
    expect(reached).toBe(true);
    expect(agree).toBe(true);
    expectSameChainEverywhere(cluster, 100);
    expectVotesChecked(cluster, byzantineIds(4, 1));
    for (const node of summary.nodes.filter((n) => n.role === 'honest')) {
      expect(node.errors).toBe(0);
      expect(Object.keys(node.rejectedByReason).sort()).toEqual(['equivocation', 'stale']);
    }
  });

  it('7 nodes, 2 Byzantine, 100 rounds: the same', async () => {
    const { cluster, reached, agree } = await run({ nodes: 7, byzantine: 2, rounds: 100 });
    expect(reached).toBe(true);
    expect(agree).toBe(true);
    expectSameChainEverywhere(cluster, 100);
    expectVotesChecked(cluster, byzantineIds(7, 2));
  });

  it('30% message loss with reordering: still safe, and progress continues', async () => {
    const { cluster, reached, agree, summary } = await run({ rounds: 30, loss: 0.3, reorder: 40, seed: 3 });
    expect(summary.network.dropped).toBeGreaterThan(summary.network.sent * 0.25);
    expect(reached).toBe(true);
    expect(agree).toBe(true);
    expectSameChainEverywhere(cluster, 30);
    for (const node of cluster.honestNodes()) {
      for (const ids of node.log.signedVotes.values()) expect(ids.size).toBe(1);
    }
  });
});
