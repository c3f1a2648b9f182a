/**
 * A fast-check arbitrary of scenarios, for property tests. It draws the same raw choices as the
 * seeded generator and assembles them the same way, so fast-check's shrinking (fewer nodes, fewer
 * Byzantine nodes, fewer partitions and crashes, a quieter network, a shorter run) always yields a
 * valid scenario. fast-check is passed in, so the library itself does not depend on it at runtime.
 */
import type * as FastCheck from 'fast-check';
import { assembleScenario, type ScenarioDraw } from './draw';
import { COMBINABLE, DEFAULT_SPACE, type ScenarioSpace } from './space';
import { maxFaulty, type LatencySpec, type Scenario } from './types';

type Fc = typeof FastCheck;

export function scenarioArbitrary(
  fc: Fc,
  space: ScenarioSpace = DEFAULT_SPACE,
): FastCheck.Arbitrary<Scenario> {
  return drawArbitrary(fc, space).map(assembleScenario);
}

export function drawArbitrary(
  fc: Fc,
  space: ScenarioSpace = DEFAULT_SPACE,
): FastCheck.Arbitrary<ScenarioDraw> {
  const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  const probability = (max: number) => fc.oneof(fc.constant(0), fc.double({ min: 0, max, noNaN: true }));
  const kinds = space.byzantine && space.behaviours.length > 0 ? space.behaviours : [];
  return fc.integer({ min: space.minNodes, max: space.maxNodes }).chain((nodes) => {
    const node = fc.nat({ max: nodes - 1 });
    const behaviour = fc.tuple(
      fc.constantFrom(...(kinds.length > 0 ? kinds : (['silent'] as const))),
      fc.option(fc.constantFrom(...COMBINABLE), { freq: 3 }),
    );
    return fc.record({
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      nodes: fc.constant(nodes),
      duration: fc
        .integer({ min: Math.ceil(space.minDuration / 100), max: Math.floor(space.maxDuration / 100) })
        .map((x) => x * 100),
      faultWindow: fc.constant(space.faultWindow),
      rounds: fc.constant(space.rounds),
      afterFaults: fc.constant(space.afterFaults),
      byzantine: fc.array(
        fc.record({
          node,
          kinds: behaviour.map(([first, extra]) => (extra === null ? [first] : [first, extra])),
          param: fraction,
        }),
        { maxLength: kinds.length > 0 ? maxFaulty(nodes) : 0 },
      ),
      latency: latencyArbitrary(fc, space.minLatency, space.maxLatency),
      loss: probability(space.maxLoss),
      duplicate: probability(space.maxDuplicate),
      reorder: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: space.maxReorder })),
      links: fc.array(
        fc.record({
          from: node,
          to: node,
          loss: fc.double({ min: 0, max: 0.5, noNaN: true }).map((x) => Math.round(x * 1000) / 1000),
        }),
        { maxLength: 2 },
      ),
      partitions: fc.array(
        fc.record({
          start: fraction,
          length: fraction,
          heals: fc.nat({ max: 9 }).map((x) => x !== 9),
          cut: fc.uniqueArray(node, { minLength: 1, maxLength: Math.floor(nodes / 2) }),
        }),
        { maxLength: space.maxPartitions },
      ),
      crashes: fc.array(
        fc.record({
          node,
          at: fraction,
          downFor: fc.option(fc.integer({ min: 100, max: 2_000 }), { freq: 6 }),
        }),
        { maxLength: space.maxCrashes },
      ),
    });
  });
}

function latencyArbitrary(fc: Fc, min: number, max: number): FastCheck.Arbitrary<LatencySpec> {
  const mean = fc.integer({ min: Math.max(1, min), max: Math.max(1, min, max) });
  return fc.oneof(
    mean.map((ms): LatencySpec => ({ kind: 'fixed', ms })),
    mean.map((m): LatencySpec => ({ kind: 'uniform', min: Math.floor(m / 2), max: Math.ceil(m * 1.5) })),
    mean.map((m): LatencySpec => ({ kind: 'exponential', min: 1, mean: m })),
  );
}
