/** A smoke run of the benchmark harness at tiny sizes, so it cannot rot. No figure is asserted as a speed. */
import {
  costPerMessage,
  latencyRatio3hop,
  longRun,
  inboundMsgsPerS,
  floorMsgsPerS,
  cluster4RoundsPerS,
} from '../../bench/suites';
import { SMOKE, TARGETS, sampleOnce } from '../../bench/figures';
import { referenceCost } from '../../bench/reference-cost';

describe('benchmark harness (smoke)', () => {
  it('measures every figure of the JSON summary', async () => {
    const sample = await sampleOnce(SMOKE, { realTime: false, long: true });
    expect(Object.keys(sample).sort()).toEqual(
      [
        'cluster4_rounds_per_s',
        'floor_msgs_per_s',
        'heap_growth_mb_100k_rounds',
        'inbound_msgs_per_s',
        'latency_ratio_3hop',
        'rounds_per_s_virtual_4',
        'scale_cost_ratio_128_vs_4',
      ].sort(),
    );
    for (const value of Object.values(sample)) expect(Number.isFinite(value)).toBe(true);
    expect(Object.keys(TARGETS)).toHaveLength(8);
  });

  it("measures the reference protocol's cost per validator per rank", () => {
    const cost = referenceCost(4, SMOKE.referenceMs[4]);
    expect(cost.cpuMsPerValidatorRank).toBeGreaterThan(0);
    expect(cost.virtualRanksPerS).toBeGreaterThan(0);
  });

  it('absorbs every inbound vote and the floor stores every update', () => {
    expect(inboundMsgsPerS(2_000)).toBeGreaterThan(0);
    expect(floorMsgsPerS(2_000)).toBeGreaterThan(0);
  });

  it('a round takes exactly three one-way delays on the critical path', () => {
    expect(latencyRatio3hop(10, 10)).toBe(1);
    expect(latencyRatio3hop(10, 7)).toBe(1);
  });

  it('runs clusters of 4 and 16 nodes and a long run', async () => {
    await expect(cluster4RoundsPerS(10, 'virtual')).resolves.toBeGreaterThan(0);
    expect(costPerMessage(16, 2)).toBeGreaterThan(0);
    expect(longRun(200, 50).roundsPerS).toBeGreaterThan(0);
  });
});
