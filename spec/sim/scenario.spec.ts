/**
 * Scenarios are plain data: the seeded generator is deterministic and always yields valid
 * scenarios, the fast-check arbitrary too (shrunk or not), a scenario survives a JSON round trip
 * through its codec, and the greedy shrinker keeps only what a failure needs.
 */
import * as fc from 'fast-check';
import {
  DEFAULT_SPACE,
  decodeScenario,
  maxFaulty,
  randomScenario,
  scenario,
  scenarioArbitrary,
  scenarioProblems,
  shrinkScenario,
  withoutNode,
  type ScenarioSpace,
} from '../../src/sim/scenario';

describe('scenarios', () => {
  it('the seeded generator gives the same scenario for the same seed, and different ones otherwise', () => {
    expect(randomScenario(42)).toEqual(randomScenario(42));
    expect(JSON.stringify(randomScenario(42))).not.toEqual(JSON.stringify(randomScenario(43)));
  });

  it('every generated scenario is valid, has f < n/3 Byzantine nodes and survives a JSON round trip', () => {
    for (let seed = 0; seed < 500; seed++) {
      const s = randomScenario(seed);
      expect(scenarioProblems(s)).toEqual([]);
      expect(s.byzantine.length).toBeLessThanOrEqual(maxFaulty(s.nodes));
      expect(decodeScenario(JSON.parse(JSON.stringify(s)))).toEqual({ ok: true, scenario: s });
    }
  });

  it('the fast-check arbitrary only yields valid scenarios', () => {
    fc.assert(
      fc.property(scenarioArbitrary(fc), (s) => {
        expect(scenarioProblems(s)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('the codec names the bad field of a broken scenario', () => {
    const bad = JSON.parse(JSON.stringify(scenario({ nodes: 4 })));
    bad.network.loss = 2;
    const decoded = decodeScenario(bad);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.error).toMatch(/network.*loss/);
  });

  it('validation refuses f ≥ n/3, crashes of Byzantine nodes and overlapping partitions', () => {
    const s = scenario({
      nodes: 4,
      byzantine: [
        { node: 0, behaviours: [{ kind: 'silent' }] },
        { node: 1, behaviours: [{ kind: 'silent' }] },
      ],
      crashes: [{ node: 0, at: 10, restart: null }],
      partitions: [
        { at: 0, heal: 100, groups: [[2]] },
        { at: 50, heal: 200, groups: [[3]] },
      ],
    });
    const problems = scenarioProblems(s).join('\n');
    expect(problems).toMatch(/at most 1/);
    expect(problems).toMatch(/only honest nodes crash/);
    expect(problems).toMatch(/overlap/);
  });

  it('removing a node renumbers the others and drops its faults', () => {
    const s = scenario({
      nodes: 5,
      byzantine: [{ node: 3, behaviours: [{ kind: 'silent' }] }],
      crashes: [{ node: 1, at: 10, restart: 20 }],
      partitions: [{ at: 0, heal: 100, groups: [[1, 4]] }],
    });
    const smaller = withoutNode(s, 1);
    expect(smaller.nodes).toBe(4);
    expect(smaller.byzantine).toEqual([{ node: 2, behaviours: [{ kind: 'silent' }] }]);
    expect(smaller.crashes).toEqual([]);
    expect(smaller.partitions[0]!.groups).toEqual([[3]]);
  });

  it('the greedy shrinker keeps only what the failure needs', () => {
    const big = randomScenario(7, randomSpaceWithEverything());
    // A made-up failure: "fails" whenever some node is a double voter.
    const fails = (s: typeof big) =>
      s.byzantine.some((b) => b.behaviours.some((x) => x.kind === 'double-voter'));
    const start = { ...big, byzantine: [{ node: 0, behaviours: [{ kind: 'double-voter' as const }] }] };
    const { scenario: shrunk } = shrinkScenario(start, fails);
    expect(fails(shrunk)).toBe(true);
    expect(shrunk.nodes).toBeLessThanOrEqual(4);
    expect(shrunk.partitions).toEqual([]);
    expect(shrunk.crashes).toEqual([]);
    expect(shrunk.network.loss).toBe(0);
  });
});

function randomSpaceWithEverything(): ScenarioSpace {
  return { ...DEFAULT_SPACE, minNodes: 7, behaviours: ['double-voter'] };
}
