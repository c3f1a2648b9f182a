/**
 * The space random scenarios are drawn from: bounds shared by the plain seeded generator (CLI
 * campaigns) and the fast-check arbitrary (property tests), so both explore the same scenarios.
 */
import { BEHAVIOUR_KINDS, type BehaviourKind } from './types';
import type { LeaderRule, VotesTo } from '../../reference/validator/options';

export interface ScenarioSpace {
  /** Who the validators' votes go to in every scenario (default: everyone). */
  readonly votesTo?: VotesTo;
  /** How leaders are chosen in every scenario (default: round robin). */
  readonly leaders?: LeaderRule;
  readonly minNodes: number;
  readonly maxNodes: number;
  /** Behaviours a Byzantine node may get (each node one, sometimes two combined). */
  readonly behaviours: readonly BehaviourKind[];
  /** Byzantine nodes: up to f (3f < n); 0 disables them. */
  readonly byzantine: boolean;
  readonly maxLoss: number;
  readonly maxDuplicate: number;
  /** Largest reordering jitter (ms). */
  readonly maxReorder: number;
  /** Smallest and largest mean link delay (ms). */
  readonly minLatency: number;
  readonly maxLatency: number;
  readonly maxPartitions: number;
  readonly maxCrashes: number;
  /** Run length bounds (virtual ms). */
  readonly minDuration: number;
  readonly maxDuration: number;
  /** Share of scenarios with one fault type only (the plain generator; fast-check mixes freely). */
  readonly singleFault: number;
  /** Faults start within this fraction of the run, so the rest shows recovery. */
  readonly faultWindow: number;
  /** Stop once every live honest node finalized this many ranks (null: run the full duration). */
  readonly rounds: number | null;
  /** Stop once every live honest node finalized this many ranks after the last fault (see `RunLength`). */
  readonly afterFaults: number | null;
}

/**
 * The campaign default: 4 to 10 nodes, everything that can go wrong, runs of 4 to 8 simulated
 * seconds with every fault starting in the first 40%, so at least 2.4 s are left to show recovery
 * (longer than the 2 s stall limit). A run that recovers stops 5 ranks after its last fault.
 */
export const DEFAULT_SPACE: ScenarioSpace = {
  minNodes: 4,
  maxNodes: 10,
  behaviours: BEHAVIOUR_KINDS,
  byzantine: true,
  maxLoss: 0.2,
  maxDuplicate: 0.1,
  maxReorder: 40,
  minLatency: 1,
  maxLatency: 80,
  maxPartitions: 2,
  maxCrashes: 2,
  minDuration: 4_000,
  maxDuration: 8_000,
  singleFault: 0.4,
  faultWindow: 0.4,
  rounds: null,
  afterFaults: 5,
};

/**
 * Short runs on a not-too-fast network, about 0.1 s of wall time each, so hundreds of scenarios
 * fit in a CI property test: faults in the first 60% of 0.5 to 1 simulated second, and a run that
 * recovers stops 3 ranks after its last fault.
 */
export const QUICK_SPACE: ScenarioSpace = {
  ...DEFAULT_SPACE,
  minLatency: 20,
  maxLatency: 60,
  minDuration: 500,
  maxDuration: 1_000,
  faultWindow: 0.6,
  afterFaults: 3,
};

/** Behaviours that make sense on top of another one (a slow equivocator, a garbage-spewing double voter). */
export const COMBINABLE: readonly BehaviourKind[] = ['slow', 'garbage', 'stale-replayer'];
