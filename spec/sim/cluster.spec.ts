/**
 * The simulated cluster: reference validators over the in-memory network in virtual time, every
 * message a signed envelope through each node's guarded inbound path; deterministic by seed;
 * nodes crash and restart from their durable store; partitions stall and heal.
 */
import { silent } from '../../src/entries/sim';
import { createCluster, nodeRecord, type ClusterEvent } from '../../src/entries/sim';
import type { ClusterNode } from '../../src/entries/sim';
import { chainOf, expectLinkedChain, expectSafe, transcript } from './cluster-helpers';

/** In the voting state, having voted in this round. */
function votedThisRound(node: ClusterNode): boolean {
  const snapshot = node.machine?.getSnapshot();
  return snapshot?.state === 'voting' && snapshot.ownVote?.rank === snapshot.activeRank + 1;
}

describe('a cluster of honest nodes', () => {
  it('finalizes the same linked chain on every node, refusing only stale repeats', () => {
    const cluster = createCluster({ validators: 4, mutations: 2 });
    const events: ClusterEvent[] = [];
    cluster.events$.subscribe((e) => events.push(e));
    cluster.start();
    expect(cluster.runUntil(20, 10_000)).toBe(true);
    expectSafe(cluster);
    for (const node of cluster.nodes) {
      expectLinkedChain(node);
      expect(chainOf(node).slice(1, 21)).toEqual(chainOf(cluster.nodes[0]!).slice(1, 21));
      expect(new Set(node.log.finalizations.map((f) => f.rank)).size).toBeGreaterThanOrEqual(21);
      expect(node.log.errors()).toEqual([]);
      expect(node.log.rejected).toBe(node.log.rejectedByReason.stale);
      expect(node.log.signedVotes.size).toBeGreaterThanOrEqual(20);
    }
    const included = chainOf(cluster.nodes[0]!).flatMap((f) => f.mutations);
    expect(new Set(included).size).toBe(included.length);
    expect(included).toEqual(expect.arrayContaining(['tx-v0-0', 'tx-v0-1', 'tx-v3-1']));
    // The event stream carries everything the logs summarize.
    const finalizedByV2 = events.filter((e) => e.kind === 'finalized' && e.node === 'v2').length;
    expect(finalizedByV2).toBe(cluster.node('v2').log.finalized.size);
    expect(events.filter((e) => e.kind === 'transition').length).toBe(
      cluster.nodes.reduce((sum, n) => sum + n.log.transitionCount, 0),
    );
    // The record read from the logs holds what the events said.
    const records = cluster.nodes.map((n) => nodeRecord(n, cluster.now()));
    expect(records.map((r) => `${r.id}:${r.role}`)).toEqual([
      'v0:honest',
      'v1:honest',
      'v2:honest',
      'v3:honest',
    ]);
    expect(records.every((r) => r.finalizations.length >= 21 && r.states.length > 0)).toBe(true);
    expect(records[2]!.votes).toHaveLength(
      events.filter((e) => e.kind === 'vote-signed' && e.node === 'v2').length,
    );
    cluster.close();
  });

  it('replays the same run from the same seed, and another run from another seed', () => {
    const run = (seed: number) => {
      const cluster = createCluster({
        validators: 4,
        seed,
        link: { latency: { min: 1, max: 30 }, reorder: 20 },
      });
      cluster.start();
      cluster.runFor(1_500);
      cluster.close();
      return transcript(cluster);
    };
    const first = run(7);
    expect(first.length).toBeGreaterThan(50);
    expect(run(7)).toEqual(first);
    expect(run(8)).not.toEqual(first);
  });

  it('moves virtual time only when run, and reports a target it could not reach', () => {
    const cluster = createCluster({
      validators: 4,
      byzantine: { v2: silent(), v3: silent() },
      beyondFaultModel: true,
    });
    cluster.start();
    expect(cluster.now()).toBe(0);
    cluster.runFor(250);
    expect(cluster.now()).toBe(250);
    // Two of four silent: no quorum, so no rank beyond genesis.
    expect(cluster.runUntil(1, 5_000)).toBe(false);
    expect(cluster.now()).toBe(5_250);
    expect(cluster.progress()).toBe(0);
    expect(cluster.honestNodes().map((n) => n.key)).toEqual(['v0', 'v1']);
    expect(cluster.faultyNodes().map((n) => n.behaviour)).toEqual(['silent', 'silent']);
    expectSafe(cluster);
    cluster.close();
  });
});

describe('crashes and restarts', () => {
  it('restarts a node from its durable store only; it catches up and never votes twice', () => {
    const cluster = createCluster({ validators: 4 });
    cluster.start();
    const v1 = cluster.node('v1');
    // Crash v1 right after it voted, before the round finished.
    expect(cluster.runUntil(() => v1.log.highestRank >= 5 && votedThisRound(v1), 10_000)).toBe(true);
    const votedRank = v1.machine!.getSnapshot().activeRank + 1;
    cluster.crash('v1');
    expect(v1.up).toBe(false);
    expect(v1.machine).toBeNull();
    // The other three go on without it.
    const before = cluster.node('v0').log.highestRank;
    cluster.runFor(1_000);
    expect(cluster.node('v0').log.highestRank).toBeGreaterThan(before);
    cluster.restart('v1');
    expect(v1.incarnation).toBe(1);
    expect(v1.machine!.getSnapshot().activeState).toEqual(v1.store.validator.highestCertified()?.frame);
    expect(
      cluster.runUntil(
        () =>
          v1.log.highestRank >= cluster.node('v0').log.highestRank + 0 && v1.log.highestRank > before + 20,
        20_000,
      ),
    ).toBe(true);
    expect(v1.log.catchUps).toBeGreaterThanOrEqual(1);
    expect(v1.log.incarnations).toBe(2);
    expect(v1.log.downtime).toEqual([{ from: expect.any(Number), to: expect.any(Number) }]);
    expect(v1.log.signedVotes.get(votedRank)?.size).toBe(1);
    expectSafe(cluster);
    cluster.close();
  });

  it('a node that restarts at once re-sends the vote it cast instead of deciding again', () => {
    const cluster = createCluster({ validators: 4 });
    cluster.start();
    const v2 = cluster.node('v2');
    for (let round = 0; round < 5; round++) {
      expect(cluster.runUntil(() => votedThisRound(v2), 5_000)).toBe(true);
      cluster.crash('v2');
      cluster.restart('v2');
      cluster.runFor(50);
    }
    expect(v2.log.incarnations).toBe(6);
    expect(cluster.runUntil(15, 20_000)).toBe(true);
    expectSafe(cluster);
    cluster.close();
  });
});

describe('partitions', () => {
  it('stall without a quorum on either side, and progress resumes once healed', () => {
    const cluster = createCluster({ validators: 4 });
    cluster.start();
    expect(cluster.runUntil(5, 10_000)).toBe(true);
    cluster.network.partition([
      ['v0', 'v1'],
      ['v2', 'v3'],
    ]);
    cluster.runFor(500);
    const stalled = Math.max(...cluster.nodes.map((n) => n.log.highestRank));
    cluster.runFor(3_000);
    expect(Math.max(...cluster.nodes.map((n) => n.log.highestRank))).toBe(stalled);
    cluster.network.heal();
    expect(cluster.runUntil(stalled + 10, 20_000)).toBe(true);
    expectSafe(cluster);
    cluster.close();
  });

  it('twins: two machines with one id and key on different sides never make honest nodes disagree', () => {
    const cluster = createCluster({ validators: 4, twins: ['v3'] });
    expect(cluster.nodes.map((n) => `${n.key}:${n.behaviour}:${n.faulty}`)).toEqual([
      'v0:honest:false',
      'v1:honest:false',
      'v2:honest:false',
      'v3:twin:true',
      'v3~twin:twin:true',
    ]);
    cluster.network.partition([
      ['v0', 'v3'],
      ['v1', 'v2', 'v3~twin'],
    ]);
    cluster.start();
    cluster.runFor(3_000);
    cluster.network.partition([
      ['v0', 'v1', 'v3'],
      ['v2', 'v3~twin'],
    ]);
    cluster.runFor(3_000);
    cluster.network.heal();
    cluster.runFor(3_000);
    expect(cluster.progress()).toBeGreaterThan(5);
    expectSafe(cluster);
    cluster.close();
  });
});

describe('links', () => {
  it('per-link overrides and default changes keep what they do not mention', () => {
    const cluster = createCluster({
      validators: 4,
      links: [{ from: 'v0', to: 'v1', link: { latency: 300 } }],
    });
    cluster.start();
    expect(cluster.runUntil(5, 20_000)).toBe(true);
    cluster.setDefaultLink({ loss: 0.2 });
    cluster.setLink('v0', 'v1', { latency: 5 });
    expect(cluster.runUntil(15, 60_000)).toBe(true);
    expect(cluster.network.stats().total.dropped).toBeGreaterThan(0);
    expectSafe(cluster);
    cluster.close();
  });
});
