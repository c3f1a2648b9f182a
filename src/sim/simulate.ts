/**
 * `simulate(scenario)`: run one scenario in virtual time on the reference cluster and check it.
 * Everything random is drawn from the scenario's seed, so the same scenario gives the same run,
 * event for event; the returned record, verdict and summary are plain data.
 */
import { checkRun, type CheckOptions, type RunVerdict } from './check/verdict';
import type { RunRecord } from './record/types';
import { summarizeRun, type RunSummary } from './run/summary';
import { runScenario } from './run/run-scenario';
import type { Scenario } from './scenario/types';
import { scenarioProblems, type ValidateOptions } from './scenario/validate';

export interface SimulateOptions extends CheckOptions, ValidateOptions {}

export interface Simulation {
  readonly scenario: Scenario;
  readonly record: RunRecord;
  readonly verdict: RunVerdict;
  readonly summary: RunSummary;
}

export class ScenarioError extends RangeError {
  override readonly name = 'ScenarioError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid scenario: ${problems.join('; ')}`);
  }
}

export function simulate(scenario: Scenario, options: SimulateOptions = {}): Simulation {
  const problems = scenarioProblems(scenario, options);
  if (problems.length > 0) throw new ScenarioError(problems);
  const record = runScenario(scenario);
  const verdict = checkRun(record, options);
  return { scenario, record, verdict, summary: summarizeRun(record, verdict) };
}
