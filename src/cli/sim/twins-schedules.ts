/**
 * The Twins schedules `npm run twins` and the protocol test run: for n = 4 with one twinned
 * validator there are five network nodes, 15 ways to split them in two (plus "no split"), and a
 * schedule picks one per phase (16^phases schedules).
 */
import { TWIN_SUFFIX } from '../../sim/cluster/create-cluster';
import type { TwinsCase } from '../../sim/twins';

/** Network keys of the cluster: `v0`…`v{n−1}` and the twin's second copy. */
export function twinsNodes(validators: number, twin: string): string[] {
  return [...Array.from({ length: validators }, (_, i) => `v${i}`), `${twin}${TWIN_SUFFIX}`];
}

/** Every way to split `keys` into two non-empty groups (each split once). */
export function twoWaySplits(keys: readonly string[]): string[][][] {
  const splits: string[][][] = [];
  const [first, ...rest] = keys;
  if (first === undefined) return splits;
  // `first` is always in group A, so each unordered split is produced once.
  for (let mask = 0; mask < 2 ** rest.length - 1; mask++) {
    const a = [first, ...rest.filter((_, i) => (mask & (1 << i)) !== 0)];
    const b = rest.filter((_, i) => (mask & (1 << i)) === 0);
    splits.push([a, b]);
  }
  return splits;
}

/** All schedules of `phases` phases over the two-way splits of the nodes (16^phases for n = 4). */
export function* twinsCases(keys: readonly string[], phases: number): Generator<TwinsCase> {
  const options: (string[][] | null)[] = [null, ...twoWaySplits(keys)];
  const total = options.length ** phases;
  for (let index = 0; index < total; index++) {
    const chosen: (string[][] | null)[] = [];
    let rest = index;
    for (let p = 0; p < phases; p++) {
      chosen.push(options[rest % options.length]!);
      rest = Math.floor(rest / options.length);
    }
    yield { phases: chosen };
  }
}
