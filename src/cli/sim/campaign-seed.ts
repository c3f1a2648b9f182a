/**
 * The first seed of a campaign from the command line: `--first-seed`, or `--seed` (which names the
 * one scenario of a single run, and so the first of a campaign's). Both given with different
 * values cannot both be meant: a RangeError says so.
 */
export interface GivenSeeds {
  /** `--seed`, when given on the command line (not its default). */
  readonly seed?: number;
  /** `--first-seed`, when given on the command line. */
  readonly firstSeed?: number;
}

export const DEFAULT_FIRST_SEED = 1;

export function campaignFirstSeed(given: GivenSeeds): number {
  const { seed, firstSeed } = given;
  if (seed !== undefined && firstSeed !== undefined && seed !== firstSeed) {
    throw new RangeError(
      `--seed ${seed} and --first-seed ${firstSeed} disagree: a campaign starts at one seed, give one of them`,
    );
  }
  return firstSeed ?? seed ?? DEFAULT_FIRST_SEED;
}
