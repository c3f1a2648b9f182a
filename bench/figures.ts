/** The figures `npm run bench` reports: their JSON keys, how each is measured, and the targets. */
import {
  cluster4RoundsPerS,
  floorMsgsPerS,
  inboundMsgsPerS,
  latencyRatio3hop,
  longRun,
  scaleCostRatio,
} from './suites';
import { referenceCost } from './reference-cost';

export interface Sizes {
  readonly inbound: number;
  readonly clusterRounds: number;
  readonly latencyRounds: number;
  readonly scaleRounds128: number;
  readonly scaleRounds4: number;
  readonly longRounds: number;
  readonly longWarm: number;
  /** Virtual milliseconds the reference protocol runs for, per number of validators. */
  readonly referenceMs: Readonly<Record<ReferenceNodes, number>>;
  readonly runs: number;
}

/** The cluster sizes the reference protocol's cost is measured at. */
export const REFERENCE_NODES = [4, 16, 64] as const;
export type ReferenceNodes = (typeof REFERENCE_NODES)[number];

export const FULL: Sizes = {
  inbound: 1_000_000,
  clusterRounds: 2_000,
  latencyRounds: 200,
  scaleRounds128: 6,
  scaleRounds4: 3_000,
  longRounds: 100_000,
  longWarm: 10_000,
  referenceMs: { 4: 12_000, 16: 3_000, 64: 400 },
  runs: 5,
};

export const SMOKE: Sizes = {
  inbound: 3_000,
  clusterRounds: 20,
  latencyRounds: 20,
  scaleRounds128: 1,
  scaleRounds4: 20,
  longRounds: 300,
  longWarm: 100,
  referenceMs: { 4: 400, 16: 300, 64: 300 },
  runs: 1,
};

export type FigureKey =
  | 'inbound_msgs_per_s'
  | 'floor_msgs_per_s'
  | 'cluster4_rounds_per_s'
  | 'latency_ratio_3hop'
  | 'scale_cost_ratio_128_vs_4'
  | 'heap_growth_mb_100k_rounds'
  | 'rounds_per_s_virtual_4'
  | 'reference_cpu_ms_per_validator_rank_4'
  | 'reference_cpu_ms_per_validator_rank_16'
  | 'reference_cpu_ms_per_validator_rank_64'
  | 'reference_virtual_ranks_per_s_4';

export interface Target {
  readonly text: string;
  readonly met: (value: number, all: Readonly<Record<FigureKey, number>>) => boolean;
}

export const TARGETS: Readonly<Partial<Record<FigureKey, Target>>> = {
  inbound_msgs_per_s: {
    text: '>= 1,000,000 and >= floor / 3',
    met: (v, all) => v >= 1_000_000 && v >= all.floor_msgs_per_s / 3,
  },
  cluster4_rounds_per_s: { text: '>= 5,000', met: (v) => v >= 5_000 },
  latency_ratio_3hop: { text: '<= 1.1', met: (v) => v <= 1.1 },
  scale_cost_ratio_128_vs_4: { text: '<= 1.5', met: (v) => v <= 1.5 },
  heap_growth_mb_100k_rounds: { text: '<= 5', met: (v) => v <= 5 },
  reference_cpu_ms_per_validator_rank_4: { text: '<= 1', met: (v) => v <= 1 },
  reference_virtual_ranks_per_s_4: { text: '>= 250', met: (v) => v >= 250 },
  // Per-validator cost grows no faster than n: at 16 times the validators, at most 16 times the cost.
  reference_cpu_ms_per_validator_rank_64: {
    text: '<= 16 x the figure at 4',
    met: (v, all) => v <= 16 * all.reference_cpu_ms_per_validator_rank_4,
  },
};

/** One sample of every figure. The long run gives two figures at once. */
export async function sampleOnce(
  sizes: Sizes,
  options: { realTime: boolean; long: boolean; reference?: boolean },
): Promise<Partial<Record<FigureKey, number>>> {
  const sample: Partial<Record<FigureKey, number>> = {
    inbound_msgs_per_s: inboundMsgsPerS(sizes.inbound),
    floor_msgs_per_s: floorMsgsPerS(sizes.inbound),
    cluster4_rounds_per_s: await cluster4RoundsPerS(
      sizes.clusterRounds,
      options.realTime ? 'real' : 'virtual',
    ),
    latency_ratio_3hop: latencyRatio3hop(sizes.latencyRounds),
    scale_cost_ratio_128_vs_4: scaleCostRatio(sizes.scaleRounds128, sizes.scaleRounds4),
  };
  if (options.long) {
    const long = longRun(sizes.longRounds, sizes.longWarm);
    sample.heap_growth_mb_100k_rounds = long.heapGrowthMb;
    sample.rounds_per_s_virtual_4 = long.roundsPerS;
  }
  if (options.reference === true) {
    for (const n of REFERENCE_NODES) {
      const cost = referenceCost(n, sizes.referenceMs[n], n === 64 ? 1 : sizes.runs > 1 ? 3 : 1);
      sample[`reference_cpu_ms_per_validator_rank_${n}`] = cost.cpuMsPerValidatorRank;
      if (n === 4) sample.reference_virtual_ranks_per_s_4 = cost.virtualRanksPerS;
    }
  }
  return sample;
}
