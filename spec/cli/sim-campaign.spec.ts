/**
 * Campaigns: random scenarios run, checked and tallied per fault type; tallies from parallel
 * workers merge; the first failing scenario shrinks (with fast-check) to a smaller one that still
 * fails.
 */
import * as fc from 'fast-check';
import { formatCampaign, faultRows } from '../../src/cli/sim/campaign/format';
import { shrinkFailure } from '../../src/entries/fast-check';
import {
  mergeTallies,
  QUICK_SPACE,
  randomScenario,
  runCampaign,
  simulate,
  type ScenarioSpace,
} from '../../src/entries/sim';

describe('campaigns', () => {
  it('runs, checks and tallies random scenarios by fault type', () => {
    const seen: number[] = [];
    const { tally, firstFailure } = runCampaign({
      count: 6,
      firstSeed: 100,
      space: QUICK_SPACE,
      onRun: (done) => seen.push(done),
    });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(tally.scenarios).toBe(6);
    expect(tally.safetyViolations).toBe(0);
    expect(firstFailure).toBeNull();
    const rows = faultRows(tally);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.scenarios).toBeLessThanOrEqual(6);
    expect(formatCampaign(tally)).toMatch(/scenarios run\s+6/);
  });

  it('merges tallies from workers that each ran every other seed', () => {
    const odd = runCampaign({ count: 2, firstSeed: 1, step: 2, space: QUICK_SPACE }).tally;
    const even = runCampaign({ count: 2, firstSeed: 2, step: 2, space: QUICK_SPACE }).tally;
    const all = runCampaign({ count: 4, firstSeed: 1, space: QUICK_SPACE }).tally;
    const merged = mergeTallies(odd, even);
    expect(merged.scenarios).toBe(4);
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    for (const [fault, s] of Object.entries(all.byFault)) {
      expect(merged.byFault[fault]!.scenarios).toBe(s.scenarios);
      expect(sorted(merged.byFault[fault]!.ranksPerSecond)).toEqual(sorted(s.ranksPerSecond));
    }
  });

  it('shrinks a failing scenario to a smaller one that still fails', () => {
    // Liveness checked with a stall limit far below what 2 s links allow: nothing is final within
    // these short runs, whatever else happens.
    const space: ScenarioSpace = {
      ...QUICK_SPACE,
      maxNodes: 7,
      minLatency: 2_000,
      maxLatency: 2_000,
      maxPartitions: 0,
      maxCrashes: 0,
      minDuration: 4_000,
      maxDuration: 5_000,
      afterFaults: null,
    };
    const check = { expectLiveness: true, stallLimit: 800 };
    const seed = [...Array(20).keys()].find((s) => {
      const candidate = randomScenario(s, space);
      return candidate.nodes > 5 && candidate.byzantine.length > 0 && !simulate(candidate, check).verdict.ok;
    });
    expect(seed).toBeDefined();
    const failing = randomScenario(seed!, space);
    const { shrunk } = shrinkFailure(
      fc,
      { scenario: failing, failures: ['liveness'], shrunk: null },
      { check, space, shrinkRuns: 60 },
    );
    expect(shrunk!.runs).toBeLessThanOrEqual(60);
    expect(shrunk!.failures.length).toBeGreaterThan(0);
    expect(shrunk!.scenario.nodes).toBeLessThan(failing.nodes);
    expect(shrunk!.scenario.byzantine).toEqual([]);
  });
});
