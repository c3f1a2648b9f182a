/**
 * Scenarios are plain data: the generator, seeded, is deterministic and always yields valid
 * scenarios, and so does its fast-check arbitrary (shrunk or not); a scenario survives a JSON
 * round trip through its codec; shrinking a seed's scenario keeps only what a failure needs.
 */
import * as fc from 'fast-check';
import {
  DEFAULT_SPACE,
  decodeScenario,
  maxFaulty,
  randomScenario,
  scenario,
  scenarioProblems,
  type Scenario,
  type ScenarioSpace,
} from '../../src/entries/sim';
import { scenarioArbitrary, shrinkScenario } from '../../src/entries/fast-check';

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

  it('shrinking keeps only what the failure needs: one double voter on the fewest nodes, a quiet network', () => {
    const space: ScenarioSpace = { ...DEFAULT_SPACE, behaviours: ['double-voter'] };
    // A made-up failure: "fails" whenever some node is a double voter.
    const fails = (s: Scenario) =>
      s.byzantine.some((b) => b.behaviours.some((x) => x.kind === 'double-voter'));
    const big = randomScenario(1, space);
    expect(fails(big)).toBe(true);
    expect(big.nodes).toBeGreaterThan(4);
    expect(big.partitions.length + big.crashes.length).toBeGreaterThan(1);
    const { scenario: shrunk, runs } = shrinkScenario(fc, big, fails, { space, shrinkRuns: 500 });
    expect(runs).toBeLessThanOrEqual(500);
    expect(fails(shrunk)).toBe(true);
    expect(scenarioProblems(shrunk)).toEqual([]);
    expect(shrunk.seed).toBe(big.seed);
    expect(shrunk.nodes).toBe(4);
    expect(shrunk.byzantine).toHaveLength(1);
    expect(shrunk.partitions).toEqual([]);
    expect(shrunk.crashes).toEqual([]);
    expect(shrunk.network).toMatchObject({ loss: 0, duplicate: 0, reorder: 0, links: [] });
  });

  it("refuses to shrink a scenario that is not its seed's", () => {
    const made = scenario({ nodes: 4, seed: 3 });
    expect(() => shrinkScenario(fc, made, () => true)).toThrow(/not the one of seed 3/);
  });
});
