/**
 * rx-consensus/fast-check: property-test arbitraries of simulation scenarios. Needs the optional
 * peer `fast-check`, which you pass in (`scenarioArbitrary(fc)`), so the library never loads it.
 */
export { scenarioArbitrary, drawArbitrary } from '../sim/scenario/arbitrary';
export type { ScenarioDraw, ByzantineDraw, CrashDraw, PartitionDraw } from '../sim/scenario/draw';
