/**
 * `simulate(scenario)` end to end: a seed replays a run event for event (also after a JSON round
 * trip); crashed nodes come back from their durable store without ever voting twice; nodes cut off
 * by a partition catch up once it heals; a run can stop at a number of rounds; a scenario that
 * breaks the rules is refused before anything runs.
 */
import { randomScenario, scenario, decodeScenario, QUICK_SPACE } from '../../src/entries/sim';
import { ScenarioError, simulate } from '../../src/sim/simulate';

const transitionLogs = (s: Parameters<typeof simulate>[0]) =>
  simulate(s).record.nodes.map((n) => ({
    id: n.id,
    transitions: n.transitions,
    finalizations: n.finalizations,
  }));

describe('simulate', () => {
  it('a replayed seed reproduces the identical transition log, even from the scenario as JSON', () => {
    const s = {
      ...randomScenario(11, { ...QUICK_SPACE, minNodes: 5 }),
      run: { duration: 1_500, rounds: null, afterFaults: null },
    };
    const first = transitionLogs(s);
    expect(first.some((n) => n.transitions.length > 20)).toBe(true);
    expect(transitionLogs(s)).toEqual(first);
    const decoded = decodeScenario(JSON.parse(JSON.stringify(s)));
    expect(decoded.ok && transitionLogs(decoded.scenario)).toEqual(first);
    expect(transitionLogs({ ...s, seed: s.seed + 1 })).not.toEqual(first);
  });

  it('crashed nodes restart from their durable store, never sign two votes at a rank, and catch up', () => {
    const sim = simulate(
      scenario({
        nodes: 4,
        seed: 2,
        crashes: [
          { node: 1, at: 300, restart: 700 },
          { node: 1, at: 1_000, restart: 1_200 },
        ],
        run: { duration: 3_000, rounds: null },
      }),
      { expectLiveness: true },
    );
    expect(sim.verdict.failures).toEqual([]);
    const restarted = sim.record.nodes[1]!;
    expect(new Set(restarted.votes.map((v) => v.incarnation))).toEqual(new Set([0, 1, 2]));
    expect(restarted.downtime).toEqual([
      { from: 300, to: 700 },
      { from: 1_000, to: 1_200 },
    ]);
    const catchUps = sim.verdict.liveness.catchUps.filter((c) => c.node === 'v1');
    expect(catchUps.length).toBeGreaterThan(0);
    for (const c of catchUps) expect(c.took).not.toBeNull();
  });

  it('nodes on the small side of a partition catch up after it heals', () => {
    const sim = simulate(
      scenario({
        nodes: 7,
        seed: 4,
        partitions: [{ at: 300, heal: 1_300, groups: [[0, 1]] }],
        run: { duration: 4_000, rounds: null },
      }),
      { expectLiveness: true },
    );
    expect(sim.verdict.failures).toEqual([]);
    const healed = sim.verdict.liveness.catchUps.filter((c) => c.cause === 'heal');
    expect(healed.map((c) => c.node).sort()).toEqual(['v0', 'v1']);
    for (const c of healed) expect(c.took).toBeLessThan(2_000);
  });

  it('stops early once every live honest node has finalized the requested rounds', () => {
    const sim = simulate(scenario({ nodes: 4, run: { duration: 10_000, rounds: 5 } }));
    expect(sim.record.stoppedEarly).toBe(true);
    expect(sim.record.endedAt).toBeLessThan(2_000);
    expect(sim.verdict.liveness.commonRank).toBeGreaterThanOrEqual(5);
  });

  it('refuses a scenario that breaks the rules, saying why', () => {
    const bad = scenario({ nodes: 4, crashes: [{ node: 9, at: 10, restart: null }] });
    expect(() => simulate(bad)).toThrow(ScenarioError);
    expect(() => simulate(bad)).toThrow(/crash of 9: not a node index/);
  });
});
