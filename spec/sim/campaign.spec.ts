/**
 * Campaigns: random scenarios run, checked and tallied per fault type; tallies from parallel
 * workers merge; the first failing scenario shrinks to a smaller one that still fails.
 */
import { formatCampaign, faultRows, mergeTallies, runCampaign, shrinkFailure } from '../../src/sim/campaign';
import { QUICK_SPACE, scenario } from '../../src/sim/scenario';

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
    // the run, whatever else happens.
    const failing = scenario({
      nodes: 5,
      seed: 8,
      byzantine: [{ node: 2, behaviours: [{ kind: 'equivocating-proposer' }, { kind: 'garbage' }] }],
      network: { latency: { kind: 'fixed', ms: 2_000 }, duplicate: 0.05 },
      crashes: [{ node: 4, at: 200, restart: 600 }],
      run: { duration: 9_000, rounds: null },
    });
    const check = { expectLiveness: true, stallLimit: 800 };
    const { shrunk } = shrinkFailure(
      { scenario: failing, failures: ['liveness'], shrunk: null },
      { check, shrinkRuns: 30 },
    );
    expect(shrunk!.failures.length).toBeGreaterThan(0);
    expect(shrunk!.scenario.nodes).toBeLessThan(5);
    expect(shrunk!.scenario.crashes).toEqual([]);
    expect(shrunk!.scenario.byzantine).toEqual([]);
  });
});
