/**
 * An equivocating leader shows one validator a different proposal than the others. The others
 * certify their frame; the validator shown the other one learns that certificate from their votes
 * without the frame, so its round cannot finish on its own. It is moved on to the next rank like
 * a node behind (and sent the frame), instead of sitting in its finishing state until that
 * state's timeout: with 4 validators that cost a timeout at every rank that validator led next,
 * and a quarter of the ranks.
 */
import { createCluster } from '../../src/entries/sim';
import { byzantineStrategy } from '../../src/sim/byzantine/catalog';
import { leaderAt } from '../../src/reference/providers/leader';
import { expectSafe } from '../sim/cluster-helpers';

describe('an equivocating leader', () => {
  it.each(['everyone', 'next-leader'] as const)(
    'costs no honest leader its rank (votes to %s)',
    (votesTo) => {
      const cluster = createCluster({
        validators: 4,
        seed: 1,
        link: { latency: { min: 1, max: 10 } },
        byzantine: { v1: byzantineStrategy('equivocating-proposer') },
        votesTo,
      });
      cluster.start();
      const timedOut: { node: string; rank: number; leader: string }[] = [];
      for (const node of cluster.honestNodes())
        node.validator!.events$.subscribe((event) => {
          if (event.kind === 'rank' && event.by === 'timeout') {
            const rank = event.rank - 1;
            timedOut.push({ node: node.id, rank, leader: leaderAt(cluster.validators, rank) });
          }
        });
      cluster.runFor(1_500);
      expectSafe(cluster);
      const finalized = cluster.honestNodes().map((n) => n.validator!.status().finalizedRank);
      cluster.close();
      // Before, 9 ranks with votes to everyone: v3's rank timed out after each of v1's turns.
      expect(Math.min(...finalized)).toBeGreaterThanOrEqual(100);
      expect(timedOut.filter((t) => t.leader !== 'v1')).toEqual([]);
    },
  );
});
