/**
 * A campaign: `count` random scenarios (seeds `firstSeed`, `firstSeed + step`, …), each simulated
 * and checked, tallied per fault type, the first failure kept (`shrinkFailure`, in
 * `rx-consensus/fast-check`, shrinks it). `step` lets parallel workers each take a slice.
 */
import type { CheckOptions } from '../../../sim/check/verdict';
import { randomScenario } from '../../../sim/scenario/random';
import { DEFAULT_SPACE, type ScenarioSpace } from '../../../sim/scenario/space';
import type { ShrinkResult } from '../../../sim/scenario/draw';
import type { Scenario } from '../../../sim/scenario/types';
import { simulate, type Simulation } from '../../../sim/simulate';
import { addRun, emptyTally, type CampaignTally } from './tally';

export interface CampaignOptions {
  /** How many scenarios to run. */
  readonly count: number;
  /** Seed of the first scenario (default 1). */
  readonly firstSeed?: number;
  /** Take every `step`-th seed from `firstSeed` (parallel workers use offsets and a common step). */
  readonly step?: number;
  /** Which random scenarios are drawn (default: the full space; `--quick` draws from a smaller one). */
  readonly space?: ScenarioSpace;
  /** What counts as a failed run (liveness expected, stall limit). */
  readonly check?: CheckOptions;
  /** Called after every scenario. */
  readonly onRun?: (done: number, simulation: Simulation) => void;
}

export interface FirstFailure {
  readonly scenario: Scenario;
  readonly failures: readonly string[];
  readonly shrunk: (ShrinkResult & { readonly failures: readonly string[] }) | null;
}

export interface CampaignResult {
  readonly tally: CampaignTally;
  readonly firstFailure: FirstFailure | null;
}

export function runCampaign(options: CampaignOptions): CampaignResult {
  const started = Date.now();
  const tally = emptyTally();
  const space = options.space ?? DEFAULT_SPACE;
  const step = options.step ?? 1;
  let firstFailure: FirstFailure | null = null;
  for (let i = 0; i < options.count; i++) {
    const scenario = randomScenario((options.firstSeed ?? 1) + i * step, space);
    const simulation = simulate(scenario, options.check);
    addRun(tally, scenario, simulation.verdict);
    if (!simulation.verdict.ok && firstFailure === null)
      firstFailure = { scenario, failures: simulation.verdict.failures, shrunk: null };
    options.onRun?.(i + 1, simulation);
  }
  tally.elapsedMs = Date.now() - started;
  return { tally, firstFailure };
}
