/**
 * A campaign: `count` random scenarios (seeds `firstSeed`, `firstSeed + step`, …), each simulated
 * and checked, tallied per fault type; the first failing scenario is shrunk to a small one that
 * still fails. `seeds` lets parallel workers each take a slice.
 */
import type { CheckOptions } from '../check/verdict';
import { randomScenario } from '../scenario/random';
import { shrinkScenario, type ShrinkResult } from '../scenario/shrink';
import { DEFAULT_SPACE, type ScenarioSpace } from '../scenario/space';
import type { Scenario } from '../scenario/types';
import { simulate, type Simulation } from '../simulate';
import { addRun, emptyTally, type CampaignTally } from './tally';

export interface CampaignOptions {
  readonly count: number;
  readonly firstSeed?: number;
  /** Take every `step`-th seed from `firstSeed` (parallel workers use offsets and a common step). */
  readonly step?: number;
  readonly space?: ScenarioSpace;
  readonly check?: CheckOptions;
  /** Shrink the first failing scenario (default true); the budget is in scenario runs. */
  readonly shrink?: boolean;
  readonly shrinkRuns?: number;
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
  if (firstFailure !== null && options.shrink !== false) firstFailure = shrinkFailure(firstFailure, options);
  tally.elapsedMs = Date.now() - started;
  return { tally, firstFailure };
}

/** Shrinks a failing scenario: a candidate counts as failing when it fails any checked property. */
export function shrinkFailure(
  failure: FirstFailure,
  options: Pick<CampaignOptions, 'check' | 'shrinkRuns'>,
): FirstFailure {
  const fails = (s: Scenario) => !simulate(s, options.check).verdict.ok;
  const shrunk = shrinkScenario(failure.scenario, fails, options.shrinkRuns ?? 100);
  return {
    ...failure,
    shrunk: { ...shrunk, failures: simulate(shrunk.scenario, options.check).verdict.failures },
  };
}
