/**
 * rx-consensus/fast-check: property-test arbitraries of simulation scenarios, and the shrinking of
 * a campaign's failing scenario. Needs the optional peer `fast-check`, which you pass in
 * (`scenarioArbitrary(fc)`, `shrinkFailure(fc, failure)`), so the library never loads it.
 *
 * @module rx-consensus/fast-check
 */
export { scenarioArbitrary, drawArbitrary } from '../sim/scenario/arbitrary';
export type { ScenarioDraw, ByzantineDraw, CrashDraw, PartitionDraw } from '../sim/scenario/draw';
export { shrinkScenario, type ShrinkOptions, type ShrinkResult } from '../sim/scenario/arbitrary';
export { shrinkFailure } from '../cli/sim/campaign/shrink-failure';
