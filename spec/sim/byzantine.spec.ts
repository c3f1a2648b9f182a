/**
 * Each Byzantine strategy on one validator of four, in virtual time: what the honest nodes refuse
 * and why, that they still agree at every rank, and (except where noted) that they keep finalizing.
 */
import type { InboundRejectionReason } from '../../src/inbound';
import {
  combine,
  doubleVoter,
  equivocatingProposer,
  garbageSender,
  mixedByzantine,
  phantomVoter,
  silent,
  slowNode,
  staleReplayer,
  BYZANTINE_NAMES,
  byzantineStrategy,
  type ByzantineStrategy,
} from '../../src/entries/sim';
import { createCluster, type Cluster } from '../../src/entries/sim';
import { doubleVoteRanks, expectSafe, provenEquivocations } from './cluster-helpers';

function withByzantine(
  strategy: ByzantineStrategy,
  ranks = 20,
  maxTime = 20_000,
): { cluster: Cluster; reached: boolean } {
  const cluster = createCluster({ validators: 4, byzantine: { v3: strategy } });
  cluster.start();
  const reached = cluster.runUntil(ranks, maxTime);
  return { cluster, reached };
}

const honestRejections = (cluster: Cluster, reason: InboundRejectionReason): number[] =>
  cluster.honestNodes().map((n) => n.log.rejectedByReason[reason]);

describe('Byzantine strategies', () => {
  it('silent: the other three finalize without it', () => {
    const { cluster, reached } = withByzantine(silent());
    expect(reached).toBe(true);
    expectSafe(cluster);
    expect(cluster.node('v3').machine).toBeNull();
    expect(cluster.node('v3').log.signedVotes.size).toBe(0);
    cluster.close();
  });

  it('double voter: every honest node holds signed proof of its conflicting votes and refuses the second', () => {
    // It votes when a leader proposes. Whether a node proves a double vote or refuses the second
    // ballot as late depends on whether it has left the rank when that ballot lands: 60 ranks
    // give every node several ranks where it has not.
    const { cluster, reached } = withByzantine(doubleVoter(), 60);
    expect(reached).toBe(true);
    expectSafe(cluster);
    for (const node of cluster.honestNodes()) {
      const proven = provenEquivocations(cluster, node);
      expect(proven.length).toBeGreaterThan(5);
      expect(new Set(proven.map((r) => (r.reason === 'equivocation' ? r.voter : '')))).toEqual(
        new Set(['v3']),
      );
    }
    expect(doubleVoteRanks(cluster.node('v3')).length).toBeGreaterThan(5);
    // Seen from outside: every honest node received both of v3's ballots at several ranks.
    for (const node of cluster.honestNodes()) {
      const seen = node.log.receivedTwice.filter((t) => t.signer === 'v3' && t.kind === 'vote');
      expect(seen.length).toBeGreaterThan(5);
    }
    const doubled = [...cluster.node('v3').log.signedVotes.values()].filter((ids) => ids.size > 1);
    expect(doubled.every((ids) => ids.size === 2)).toBe(true);
    for (const node of cluster.honestNodes()) expect(doubleVoteRanks(node)).toEqual([]);
    cluster.close();
  });

  it('double voter without crossover: each half believes its own vote; nothing is finalized twice', () => {
    const { cluster, reached } = withByzantine(doubleVoter({ crossover: false }), 40);
    expect(reached).toBe(true);
    expectSafe(cluster);
    expect(doubleVoteRanks(cluster.node('v3')).length).toBeGreaterThan(5);
    cluster.close();
  });

  it('phantom voter: its votes for frames nobody made are stored but never finalize anything', () => {
    const { cluster, reached } = withByzantine(phantomVoter());
    expect(reached).toBe(true);
    expectSafe(cluster);
    const phantoms = new Set([...cluster.node('v3').log.signedVotes.values()].flatMap((ids) => [...ids]));
    expect(phantoms.size).toBeGreaterThan(10);
    for (const node of cluster.honestNodes()) {
      for (const frame of node.log.finalized.values()) expect(phantoms.has(frame.id)).toBe(false);
    }
    cluster.close();
  });

  it('equivocating proposer: conflicting proposals are refused, safety holds, and the chain goes on', () => {
    const { cluster, reached } = withByzantine(equivocatingProposer({ crossover: true }), 20, 10_000);
    expectSafe(cluster);
    for (const conflicts of honestRejections(cluster, 'conflict')) expect(conflicts).toBeGreaterThan(0);
    // A rank it leads ends by a timeout certificate (its conflicting proposals are seen within one
    // delay), so the honest nodes reach rank 20 well within the 10 s.
    expect(reached).toBe(true);
    expect(cluster.progress()).toBeGreaterThanOrEqual(20);
    cluster.close();
  });

  it('stale replayer: genuine old messages are refused as stale and change nothing', () => {
    const { cluster, reached } = withByzantine(staleReplayer({ age: 500, every: 50, sample: 0.5 }));
    expect(reached).toBe(true);
    expectSafe(cluster);
    for (const node of cluster.honestNodes()) {
      expect(node.log.rejectedByReason.stale).toBeGreaterThan(20);
      // Replayed messages carry their original senders' signatures, not v3's.
      const senders = node.log.recentRejections().flatMap((r) => (r.reason === 'stale' ? [r.sender] : []));
      expect(senders.some((s) => s !== 'v3' && s !== node.id)).toBe(true);
      expect(node.log.errors()).toEqual([]);
    }
    cluster.close();
  });

  it('garbage sender: malformed, unknown, badly signed and oversized input is refused before the machine', () => {
    const { cluster, reached } = withByzantine(garbageSender({ every: 40 }));
    expect(reached).toBe(true);
    expectSafe(cluster);
    for (const reason of ['malformed', 'unknown_sender', 'bad_signature', 'oversized'] as const) {
      for (const count of honestRejections(cluster, reason)) expect(count).toBeGreaterThan(0);
    }
    for (const node of cluster.honestNodes()) expect(node.log.errors()).toEqual([]);
    cluster.close();
  });

  it('slow node (late by less than the patience): a correct validator checked like an honest one, keeping up', () => {
    const { cluster, reached } = withByzantine(slowNode({ delay: { min: 20, max: 60 } }));
    expect(reached).toBe(true);
    const v3 = cluster.node('v3');
    expect(v3.faulty).toBe(false);
    expect(v3.behaviour).toBe('slow');
    expect(cluster.honestNodes()).toContain(v3);
    expect(v3.log.highestRank).toBeGreaterThanOrEqual(19);
    expectSafe(cluster);
    cluster.close();
  });

  it('mixed (the example network): phantom votes first, so every conflicting vote is refused on every honest node', () => {
    // It votes when a leader proposes: 40 ranks give it enough leaders' proposals to double-vote on.
    const { cluster, reached } = withByzantine(mixedByzantine(), 40);
    expect(reached).toBe(true);
    expectSafe(cluster);
    for (const node of cluster.honestNodes()) {
      expect(provenEquivocations(cluster, node).length).toBeGreaterThan(10);
      expect(node.log.rejectedByReason.stale).toBeGreaterThan(0);
    }
    cluster.close();
  });

  it('is deterministic: the same seed gives the same misbehaviour and the same refusals', () => {
    const counts = () => {
      const cluster = createCluster({ validators: 4, seed: 5, byzantine: { v3: mixedByzantine() } });
      cluster.start();
      cluster.runFor(2_000);
      cluster.close();
      return cluster.nodes.map((n) => ({ ...n.log.rejectedByReason, votes: [...n.log.signedVotes] }));
    };
    expect(counts()).toEqual(counts());
  });
});

describe('combine and the catalog', () => {
  it('combines names, faultiness and honest cores; filters run in order', () => {
    const order: string[] = [];
    const tag = (name: string): ByzantineStrategy => ({
      name,
      faulty: false,
      honestCore: { outbound: (out, forward) => (order.push(name), forward(out)) },
      start: () => undefined,
    });
    const both = combine(tag('a'), tag('b'), silent());
    expect(both.name).toBe('a+b+silent');
    expect(both.faulty).toBe(true);
    const sent: unknown[] = [];
    both.honestCore!.outbound!({ bytes: new Uint8Array([1]) }, (out) => sent.push(out), {} as never);
    expect(order).toEqual(['a', 'b']);
    expect(sent).toEqual([{ bytes: new Uint8Array([1]) }]);
    expect(combine(silent()).honestCore).toBeUndefined();
    expect(() => combine()).toThrow(RangeError);
  });

  it('names every strategy', () => {
    expect(BYZANTINE_NAMES).toEqual(
      expect.arrayContaining([
        'mixed',
        'silent',
        'double-voter',
        'phantom-voter',
        'equivocating-proposer',
        'stale-replayer',
        'garbage-sender',
        'slow',
      ]),
    );
    for (const name of BYZANTINE_NAMES) expect(byzantineStrategy(name).name.length).toBeGreaterThan(0);
  });
});
