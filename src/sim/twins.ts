/**
 * Twins (Bano et al., "Twins: BFT Systems Made Robust"): a Byzantine validator is emulated by two
 * honest copies with the same key, each in a different part of the network, so it equivocates
 * the way a real attacker would without anyone writing attack code. A case says how the network
 * is split, phase after phase (`twinsCases` enumerates them). Each case runs in virtual time on
 * the reference cluster and checks safety: the honest validators agree on every final frame, and
 * none of them signs two votes at a rank.
 */
import { conflictingVotes } from './check/safety';
import { createCluster } from './cluster/create-cluster';
import type { LeaderRule, VotesTo } from '../reference/validator/options';

/** One Twins case: the split in force during each phase (null: everyone connected). */
export interface TwinsCase {
  readonly phases: readonly (readonly (readonly string[])[] | null)[];
}

export interface TwinsRunOptions {
  /** How many validators (default 4). */
  readonly validators?: number;
  /** The id of the validator that runs twice (default the last, `v<validators − 1>`). */
  readonly twin?: string;
  /** Seeds the network's draws (default 0). */
  readonly seed?: number;
  /** Virtual milliseconds per phase (default 300). */
  readonly phaseMs?: number;
  /** Virtual milliseconds with everyone connected after the last phase (default 1000). */
  readonly settleMs?: number;
  /** Who the validators' votes go to (default: everyone). */
  readonly votesTo?: VotesTo;
  /** How leaders are chosen (default: round robin). */
  readonly leaders?: LeaderRule;
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
    ...(options.votesTo === undefined ? {} : { votesTo: options.votesTo }),
    ...(options.leaders === undefined ? {} : { leaders: options.leaders }),
  });
  cluster.start();
  for (const split of c.phases) {
    if (split === null) cluster.network.heal();
    else cluster.network.partition(split);
    cluster.runFor(options.phaseMs ?? 300);
  }
  cluster.network.heal();
  cluster.runFor(options.settleMs ?? 1_000);
  const violations = cluster.safety();
  const twinVotes = cluster.nodes.filter((n) => n.id === twin).flatMap((n) => n.log.votes);
  const result: TwinsResult = {
    case: c,
    agree: !violations.some((v) => v.kind === 'disagreement'),
    honestDoubleVotes: violations.filter((v) => v.kind === 'double_vote').length,
    twinDoubleVotes: conflictingVotes(twinVotes).size,
    commonRank: cluster.progress(),
  };
  cluster.close();
  return result;
}
