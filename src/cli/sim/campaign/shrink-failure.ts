/** Shrinking a campaign's first failure with fast-check (passed in: the library does not load it). */
import type { Fc, ShrinkOptions } from '../../../sim/scenario/arbitrary';
import { shrinkScenario } from '../../../sim/scenario/arbitrary';
import type { CheckOptions } from '../../../sim/check/verdict';
import type { Scenario } from '../../../sim/scenario/types';
import { simulate } from '../../../sim/simulate';
import type { FirstFailure } from './run-campaign';

/** The failure with `shrunk` set: a scenario of the same seed that fails any checked property, as small as the budget found. */
export function shrinkFailure(
  fc: Fc,
  failure: FirstFailure,
  options: ShrinkOptions & { readonly check?: CheckOptions } = {},
): FirstFailure {
  const fails = (s: Scenario): boolean => !simulate(s, options.check).verdict.ok;
  const shrunk = shrinkScenario(fc, failure.scenario, fails, options);
  return {
    ...failure,
    shrunk: { ...shrunk, failures: simulate(shrunk.scenario, options.check).verdict.failures },
  };
}
