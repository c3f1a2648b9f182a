/**
 * One fixed scenario per Byzantine behaviour, on a synchronous network (1–20 ms, no loss): safety
 * holds, the evidence each behaviour leaves is on record, and the honest nodes keep finalizing
 * (a rank an equivocating or silent leader spoils ends by a timeout certificate).
 */
import { scenario, type BehaviourKind } from '../../src/entries/sim';
import { behaviourOf } from '../../src/sim/scenario/draw';
import { simulate, type Simulation } from '../../src/sim/simulate';

const run = (kind: BehaviourKind, duration = 2_000): Simulation =>
  simulate(
    scenario({
      nodes: 4,
      seed: 3,
      byzantine: [{ node: 3, behaviours: [behaviourOf(kind, 0.5)] }],
      run: { duration, rounds: null },
    }),
    { expectLiveness: true },
  );

const against = (sim: Simulation, id: string) => sim.verdict.evidence.against.find((e) => e.node === id);
const honestIds = (sim: Simulation) => sim.record.nodes.filter((n) => n.role === 'honest').map((n) => n.id);

function expectLive(sim: Simulation): void {
  expect(sim.verdict.safety).toEqual([]);
  expect(sim.verdict.failures).toEqual([]);
  expect(sim.verdict.liveness.commonRank).toBeGreaterThanOrEqual(10);
}

describe('each Byzantine behaviour in a synchronous network', () => {
  it('double voter: every honest node holds proof of its equivocation, and progress goes on', () => {
    // A node proves a double vote only where it has not left the rank when the second ballot
    // lands: 3 s give it several such ranks.
    const sim = run('double-voter', 3_000);
    expectLive(sim);
    const evidence = against(sim, 'v3')!;
    expect(evidence.role).toBe('byzantine');
    expect(evidence.provenEquivocations).toBeGreaterThan(5);
    expect(evidence.observers).toEqual(honestIds(sim));
    expect(sim.verdict.evidence.signedConflicts).toEqual([
      { validator: 'v3', doubleVoteRanks: expect.any(Number) as number },
    ]);
  });

  it('equivocating proposer: its two proposals are on record as a conflict; the ranks it splits end by timeout and the chain goes on', () => {
    const sim = run('equivocating-proposer', 4_000);
    expect(sim.verdict.safety).toEqual([]);
    expect(against(sim, 'v3')!.byKind.conflict).toBeGreaterThan(0);
    expectLive(sim);
  });

  it('phantom voter: its votes verify but name no real frame, so they change nothing', () => {
    const sim = run('phantom-voter');
    expectLive(sim);
    expect(against(sim, 'v3')).toBeUndefined();
  });

  it('silent node: n − f honest nodes carry on without it', () => {
    const sim = run('silent');
    expectLive(sim);
    expect(sim.verdict.evidence.against).toEqual([]);
  });

  it('stale replayer: honest nodes refuse its replays as stale, and nothing else changes', () => {
    const stale = (sim: Simulation) =>
      sim.record.nodes
        .filter((n) => n.role === 'honest')
        .reduce((sum, n) => sum + (n.rejections['stale'] ?? 0), 0);
    const sim = run('stale-replayer');
    expectLive(sim);
    expect(stale(sim)).toBeGreaterThan(stale(run('silent')));
  });

  it('garbage sender: malformed, oversized and badly signed bytes are refused and counted', () => {
    const sim = run('garbage');
    expectLive(sim);
    expect(against(sim, 'v3')!.byKind.bad_signature).toBeGreaterThan(0);
    expect(sim.verdict.evidence.unattributed.malformed).toBeGreaterThan(0);
    expect(sim.verdict.evidence.unattributed.oversized).toBeGreaterThan(0);
  });

  it('slow node: it is correct, only late; it is checked as honest and finalizes too', () => {
    const sim = run('slow');
    expectLive(sim);
    const slow = sim.record.nodes.find((n) => n.id === 'v3')!;
    expect(slow.role).toBe('honest');
    expect(slow.finalizations.length).toBeGreaterThan(5);
  });

  it('twins: two copies with one key, each hearing half the network, break nothing', () => {
    const sim = run('twins');
    expectLive(sim);
    expect(sim.record.nodes.map((n) => n.id)).toEqual(['v0', 'v1', 'v2', 'v3', 'v3~twin']);
  });

  it('f = 2 of 7 with different behaviours at once: safety, evidence against each, progress', () => {
    const sim = simulate(
      scenario({
        nodes: 7,
        seed: 5,
        byzantine: [
          { node: 5, behaviours: [{ kind: 'double-voter' }, { kind: 'garbage' }] },
          {
            node: 6,
            behaviours: [
              { kind: 'stale-replayer', age: 500 },
              { kind: 'slow', delay: 100 },
            ],
          },
        ],
        run: { duration: 2_000, rounds: null },
      }),
      { expectLiveness: true },
    );
    expectLive(sim);
    expect(against(sim, 'v5')!.provenEquivocations).toBeGreaterThan(0);
  });
});
