/**
 * Twins (Bano et al., "Twins: BFT Systems Made Robust"): a Byzantine validator is emulated by two
 * honest copies with the same key, each in a different part of the network, so it equivocates
 * the way a real attacker would without anyone writing attack code. The test enumerates how the
 * network is split, rank after rank: for n = 4 with one twinned validator there are five network
 * nodes, 15 ways to split them in two (plus "no split"), and a schedule picks one per phase.
 *
 * Each case runs in virtual time on the reference cluster and checks safety: the honest
 * validators agree on every final frame, and none of them signs two votes at a rank.
 */
import { createCluster, TWIN_SUFFIX } from './cluster/create-cluster';

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

/** One Twins case: the split in force during each phase (null: everyone connected). */
export interface TwinsCase {
  readonly phases: readonly (readonly (readonly string[])[] | null)[];
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

export interface TwinsRunOptions {
  readonly validators?: number;
  readonly twin?: string;
  readonly seed?: number;
  /** Virtual milliseconds per phase (default 300). */
  readonly phaseMs?: number;
  /** Virtual milliseconds with everyone connected after the last phase (default 1000). */
  readonly settleMs?: number;
}

export interface TwinsResult {
  readonly case: TwinsCase;
  /** Honest validators agree on every final frame. */
  readonly agree: boolean;
  /** Honest validators that signed two different votes at a rank. */
  readonly honestDoubleVotes: number;
  /** Votes the twinned validator signed twice at a rank (its copies at work). */
  readonly twinDoubleVotes: number;
  /** The lowest highest final rank among honest validators at the end. */
  readonly commonRank: number;
}

export function runTwinsCase(c: TwinsCase, options: TwinsRunOptions = {}): TwinsResult {
  const validators = options.validators ?? 4;
  const twin = options.twin ?? `v${validators - 1}`;
  const cluster = createCluster({
    validators,
    twins: [twin],
    seed: options.seed ?? 0,
    roundTimeout: 200,
    timeouts: { starting: 20 },
  });
  cluster.start();
  for (const split of c.phases) {
    if (split === null) cluster.network.heal();
    else cluster.network.partition(split);
    cluster.runFor(options.phaseMs ?? 300);
  }
  cluster.network.heal();
  cluster.runFor(options.settleMs ?? 1_000);
  const agreement = cluster.agreement();
  const doubles = cluster.doubleVotes();
  const result: TwinsResult = {
    case: c,
    agree: agreement.agree,
    honestDoubleVotes: doubles.filter((d) => d.validator !== twin).length,
    twinDoubleVotes: doubles.filter((d) => d.validator === twin).length,
    commonRank: agreement.commonRank,
  };
  cluster.close();
  return result;
}
