/**
 * The checkers over hand-built run records: disagreement, double votes across restarts and
 * proven equivocation by an honest node are safety violations; stalls, catch-up times and
 * laggards are measured; evidence is grouped by the accused node.
 */
import { checkRun, checkSafety, measureLiveness, summarizeEvidence } from '../../src/entries/sim';
import { node, run, steady } from './support/records';

describe('safety checker', () => {
  it('holds when every honest node finalized the same frames', () => {
    const r = run([node('v0', { finalizations: steady(5) }), node('v1', { finalizations: steady(3) })]);
    expect(checkSafety(r)).toEqual([]);
  });

  it('finds two honest nodes finalizing different frames at one rank, and ignores Byzantine lanes', () => {
    const r = run([
      node('v0', { finalizations: steady(3) }),
      node('v1', { finalizations: steady(3, 100, 100, (rank) => (rank === 2 ? 'other' : `f${rank}`)) }),
      node('v2', { role: 'byzantine', finalizations: steady(3, 100, 100, () => 'evil') }),
    ]);
    const violations = checkSafety(r);
    expect(violations).toEqual([{ kind: 'disagreement', rank: 2, frames: { f2: ['v0'], other: ['v1'] } }]);
    expect(checkRun(r).ok).toBe(false);
  });

  it('finds a node that signed two different votes at one rank in different incarnations', () => {
    const r = run([
      node('v0', {
        votes: [
          { at: 10, rank: 1, voteId: 'a', incarnation: 0 },
          { at: 500, rank: 1, voteId: 'a', incarnation: 1 },
          { at: 600, rank: 2, voteId: 'b', incarnation: 1 },
          { at: 700, rank: 2, voteId: 'c', incarnation: 2 },
        ],
      }),
    ]);
    expect(checkSafety(r)).toEqual([
      {
        kind: 'double_vote',
        node: 'v0',
        rank: 2,
        votes: [
          { voteId: 'b', at: 600, incarnation: 1 },
          { voteId: 'c', at: 700, incarnation: 2 },
        ],
      },
    ]);
  });

  it('judges double signing by what peers received: an honest signer is a violation, a Byzantine one is not', () => {
    const twice = (signer: string) => ({
      at: 900,
      signer,
      kind: 'timeout' as const,
      rank: 4,
      items: ['1', '3'] as const,
    });
    // v1 received two timeouts at rank 4 from v0 (honest) and from v2 (Byzantine); v0's own
    // record of what it sent shows nothing: only the receivers saw it.
    const r = run([
      node('v0'),
      node('v1', { receivedTwice: [twice('v0'), twice('v2')] }),
      node('v2', { role: 'byzantine', behaviours: ['timeout-liar'] }),
    ]);
    expect(checkSafety(r)).toEqual([
      {
        kind: 'double_signed',
        signer: 'v0',
        signedKind: 'timeout',
        rank: 4,
        observer: 'v1',
        items: ['1', '3'],
      },
    ]);
  });

  it('treats proven equivocation by an honest node as a violation, by a Byzantine one as evidence', () => {
    const proof = {
      at: 5,
      observer: 'v0',
      kind: 'equivocation' as const,
      rank: 3,
      verified: true,
      detail: 'two votes',
    };
    const r = run([node('v0'), node('v1'), node('v2', { role: 'byzantine', behaviours: ['double-voter'] })], {
      evidence: [
        { ...proof, accused: 'v2' },
        { ...proof, accused: 'v1' },
      ],
    });
    expect(checkSafety(r)).toEqual([{ kind: 'honest_accused', node: 'v1', rank: 3, observer: 'v0' }]);
    const evidence = summarizeEvidence(r);
    expect(evidence.against.map((e) => [e.node, e.role, e.provenEquivocations])).toEqual([
      ['v1', 'honest', 1],
      ['v2', 'byzantine', 1],
    ]);
  });
});

describe('liveness figures', () => {
  it('measures ranks per second and the longest stall', () => {
    const finals = [...steady(5), { at: 3_000, rank: 6, frameId: 'f6' }];
    const r = run([node('v0', { finalizations: finals }), node('v1', { finalizations: finals })], {
      endedAt: 4_000,
    });
    const l = measureLiveness(r);
    expect(l.leadingRank).toBe(6);
    expect(l.ranksPerSecond).toBe(1.5);
    expect(l.longestStall).toEqual({ from: 500, to: 3_000, length: 2_500, rank: 5 });
    expect(l.lost).toBe(false);
  });

  it('says liveness was lost when nothing is finalized long after the last fault, though enough nodes are up', () => {
    const nodes = ['v0', 'v1', 'v2', 'v3'].map((id) => node(id, { finalizations: steady(3) }));
    const l = measureLiveness(run(nodes, { endedAt: 5_000 }));
    expect(l.promised).toBe(true);
    expect(l.lost).toBe(true);
    expect(l.finalStall).toBe(4_700);
  });

  it('does not promise liveness when fewer than n − f honest nodes are up', () => {
    const nodes = [
      node('v0', { finalizations: steady(3) }),
      node('v1', { finalizations: steady(3), downtime: [{ from: 200, to: null }] }),
      node('v2', { finalizations: steady(3), downtime: [{ from: 250, to: null }] }),
      node('v3', { finalizations: steady(3) }),
    ];
    const l = measureLiveness(run(nodes, { endedAt: 5_000 }));
    expect(l.promised).toBe(false);
    expect(l.lost).toBe(false);
  });

  it('measures how long a restarted node takes to catch up, and names one that never does', () => {
    const leader = steady(40);
    const nodes = [
      node('v0', { finalizations: leader }),
      node('v1', { finalizations: leader }),
      node('v2', { finalizations: leader }),
      node('v3', {
        finalizations: [...steady(5), { at: 2_500, rank: 25, frameId: 'f25' }],
        downtime: [{ from: 550, to: 2_000 }],
      }),
    ];
    const r = run(nodes, { endedAt: 6_000 });
    const l = measureLiveness(r);
    expect(l.catchUps).toEqual([
      { node: 'v3', cause: 'restart', at: 2_000, target: 20, behindBy: 15, caughtUpAt: 2_500, took: 500 },
    ]);
    expect(l.laggards).toEqual(['v3']);
    expect(l.lost).toBe(true);
    expect(checkRun(r, { expectLiveness: false }).ok).toBe(true);
    expect(checkRun(r).ok).toBe(false);
  });
});
