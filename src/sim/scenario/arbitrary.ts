/**
 * The scenario generator (`drawScenario`) with fast-check's shrinking: as an arbitrary for
 * property tests (its draws come from `fc.gen()`), and `shrinkScenario` for a seeded scenario
 * (its draws recorded, then shrunk and replayed). Shrinking gives fewer nodes, fewer Byzantine
 * nodes, partitions and crashes, a quieter network, a shorter run; the assembly rules keep every
 * shrunk draw a valid scenario. fast-check is passed in: the library does not load it.
 */
import type * as FastCheck from 'fast-check';
import { createRng } from '../../transport/rng';
import { assembleScenario, type ScenarioDraw, type ShrinkOptions, type ShrinkResult } from './draw';

export type { ShrinkOptions, ShrinkResult } from './draw';
import { drawScenario, type Draws } from './random';
import { DEFAULT_SPACE, type ScenarioSpace } from './space';
import type { Scenario } from './types';

export type Fc = typeof FastCheck;

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
  return fc.gen().map((g) => {
    const seed = g(fc.integer, { min: 0, max: 0x7fffffff });
    return drawScenario(
      {
        next: () => g(fc.double, UNIT),
        int: (min, max) => g(fc.integer, { min, max }),
        // A chance is drawn so that it shrinks to false: optional faults go away.
        chance: (p) => 1 - g(fc.double, CHANCE) < p,
        pick: (items) => items[g(fc.integer, { min: 0, max: items.length - 1 })]!,
      },
      seed,
      space,
    );
  });
}

/** A draw in [0, 1); a chance's draw in [0, 1], whose complement is compared (it shrinks to 0). */
const UNIT = { min: 0, max: 1, maxExcluded: true, noNaN: true } as const;
const CHANCE = { min: 0, max: 1, noNaN: true } as const;

/** One primitive draw, as the seeded generator made it: what a shrinker may change. */
type RecordedDraw =
  | { readonly kind: 'int'; readonly min: number; readonly max: number; readonly value: number }
  | { readonly kind: 'unit' | 'chance'; readonly value: number };

/** `rng`, with every draw it gives written to `log`. */
function recordingDraws(rng: Draws, log: RecordedDraw[]): Draws {
  const int = (min: number, max: number): number => {
    const value = rng.int(min, max);
    log.push({ kind: 'int', min, max, value });
    return value;
  };
  return {
    next() {
      const value = rng.next();
      log.push({ kind: 'unit', value });
      return value;
    },
    int,
    chance(p) {
      const value = rng.next();
      log.push({ kind: 'chance', value });
      return value < p;
    },
    pick: (items) => items[int(0, items.length - 1)]!,
  };
}

/**
 * Draws replayed from `values`, in order. A shrinker changes them, so a value may meet another
 * kind of draw than it was made by: it is brought into range; once they run out, every draw is
 * the simplest (the least int, 0, no chance).
 */
function replayedDraws(values: readonly number[]): Draws {
  let i = 0;
  const take = (): number | undefined => values[i++];
  const int = (min: number, max: number): number => Math.min(max, Math.max(min, Math.round(take() ?? min)));
  return {
    next: () => {
      const v = take() ?? 0;
      return v >= 0 && v < 1 ? v : 0;
    },
    int,
    chance: (p) => Math.min(1, Math.max(0, take() ?? 1)) < p,
    pick: (items) => items[int(0, items.length - 1)]!,
  };
}

/**
 * A smaller scenario of the same seed and space for which `fails` still holds: `failing` must be
 * the space's scenario of its seed (as a campaign drew it). `fails` runs at most `shrinkRuns` times.
 */
export function shrinkScenario(
  fc: Fc,
  failing: Scenario,
  fails: (s: Scenario) => boolean,
  options: ShrinkOptions = {},
): ShrinkResult {
  const space = options.space ?? DEFAULT_SPACE;
  const { seed } = failing;
  const recorded: RecordedDraw[] = [];
  const rng = recordingDraws(createRng(seed).fork('scenario'), recorded);
  if (JSON.stringify(assembleScenario(drawScenario(rng, seed, space))) !== JSON.stringify(failing))
    throw new RangeError(`the scenario is not the one of seed ${seed} in this space: it cannot be shrunk`);
  const scenarioOf = (values: readonly number[]): Scenario =>
    assembleScenario(drawScenario(replayedDraws(values), seed, space));
  const budget = options.shrinkRuns ?? 100;
  let runs = 0;
  const stillFails = (values: readonly number[]): boolean => {
    if (runs >= budget) return false;
    runs++;
    return fails(scenarioOf(values));
  };
  const draws = fc.tuple(
    ...recorded.map((d) =>
      d.kind === 'int'
        ? fc.integer({ min: d.min, max: d.max })
        : d.kind === 'unit'
          ? fc.double(UNIT)
          : fc.double(CHANCE).map(
              (v) => 1 - v,
              (x) => 1 - (x as number),
            ),
    ),
  );
  const values = recorded.map((d) => d.value);
  // The failing draws are the one example fast-check runs; it shrinks them from there.
  const details = fc.check(
    fc.property(draws, (candidate) => !stillFails(candidate)),
    { examples: [[values]], numRuns: 1 },
  );
  return {
    scenario: scenarioOf(details.counterexample?.[0] ?? values),
    steps: details.numShrinks,
    runs,
  };
}
