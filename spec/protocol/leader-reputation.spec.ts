/**
 * Leader reputation (`leaders: 'reputation'`) in virtual time: a validator that is down leads
 * only in the round-robin cycle of every 25, so it costs a round timeout there instead of at
 * every turn; once it is back and a frame of its probation turn is final, it leads its own turns
 * again. Agreement holds throughout, and without faults the leaders are round robin's.
 */
import { createCluster, silent } from '../../src/entries/sim';
import type { ClusterOptions } from '../../src/sim/cluster/options';
import { chainOf, expectSafe } from '../sim/cluster-helpers';

const finalizedBy = (cluster: ReturnType<typeof createCluster>, down: readonly string[]): number =>
  Math.min(
    ...cluster.nodes.filter((n) => !down.includes(n.id)).map((n) => n.validator!.status().finalizedRank),
  );

function finalizedWith(
  leaders: 'round-robin' | 'reputation',
  options: ClusterOptions,
  down: readonly string[],
  ms = 8_000,
) {
  const cluster = createCluster({
    ...options,
    leaders,
    link: { latency: { min: 1, max: 10 } },
    byzantine: Object.fromEntries(down.map((id) => [id, silent()])),
  });
  cluster.start();
  cluster.runFor(ms);
  expectSafe(cluster);
  return { cluster, finalized: finalizedBy(cluster, down) };
}

describe('leader reputation', () => {
  it.each([
    ['4 validators, votes to everyone, one silent', { validators: 4, seed: 1 }, ['v1']],
    [
      '4 validators, votes to the next leader, one silent',
      { validators: 4, seed: 2, votesTo: 'next-leader' },
      ['v2'],
    ],
    ['7 validators, two silent', { validators: 7, seed: 3 }, ['v1', 'v4']],
  ] as const)('%s: at least three times the ranks of round robin', (_name, options, down) => {
    const roundRobin = finalizedWith('round-robin', options, down);
    const reputation = finalizedWith('reputation', options, down);
    expect(reputation.finalized).toBeGreaterThanOrEqual(3 * roundRobin.finalized);
    // The silent ones proposed nothing final, and led only at round-robin turns of probation
    // cycles: the ranks the honest ones reached are theirs but for those.
    const proposers = chainOf(reputation.cluster.nodes[0]!).map((f) => f.proposer);
    expect(proposers.filter((p) => down.includes(p as never))).toEqual([]);
  });

  it('without faults, leads by round robin and finalizes as much', () => {
    const options = { validators: 4, seed: 4 } as const;
    const roundRobin = finalizedWith('round-robin', options, [], 2_000);
    const reputation = finalizedWith('reputation', options, [], 2_000);
    expect(reputation.finalized).toBe(roundRobin.finalized);
    for (const frame of chainOf(reputation.cluster.nodes[0]!).filter((f) => f.rank > 0))
      expect(frame.proposer).toBe(`v${frame.rank % 4}`);
  });

  it('gives a crashed validator its own turns again once it is back', () => {
    const cluster = createCluster({
      validators: 4,
      seed: 5,
      leaders: 'reputation',
      link: { latency: { min: 1, max: 10 } },
    });
    cluster.start();
    cluster.runFor(500);
    cluster.crash('v3');
    cluster.runFor(3_000);
    const whileDown = finalizedBy(cluster, ['v3']);
    cluster.restart('v3');
    // Restarted, it reads the finalized frames its store holds and catches up on the rest: it
    // then takes the leaders the others take, including at its own turns while it was skipped.
    const finalOf = (id: string): number => cluster.node(id).validator!.status().finalizedRank;
    for (let t = 0; t < 5_000 && finalOf('v3') < finalOf('v0'); t += 20) cluster.runFor(20);
    expect(finalOf('v3')).toBeGreaterThanOrEqual(finalOf('v0'));
    const final = finalOf('v0');
    const ranks = Array.from({ length: 30 }, (_, i) => final - 25 + i);
    const leadersBy = (id: string): string[] =>
      ranks.map((rank) => cluster.node(id).validator!.leaders.leaderAt(rank));
    expect(leadersBy('v3')).toEqual(leadersBy('v0'));
    const skipped = ranks.filter((rank, i) => rank % 4 === 3 && leadersBy('v0')[i] !== 'v3');
    expect(skipped.length).toBeGreaterThanOrEqual(4);
    cluster.runFor(5_000);
    expectSafe(cluster);
    const chain = chainOf(cluster.nodes[0]!);
    // Down, it led nothing final; back, it leads its own turns (one rank in four) again.
    const late = chain.filter((f) => f.rank > whileDown + 100);
    expect(late.length).toBeGreaterThanOrEqual(100);
    const own = late.filter((f) => f.proposer === 'v3').length;
    expect(own).toBeGreaterThanOrEqual(Math.floor(late.length / 4) - 2);
  });
});
