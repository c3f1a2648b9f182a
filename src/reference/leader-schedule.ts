/**
 * Who leads each rank. Every validator must answer the same for a rank, or the leader it expects
 * is not the one the others vote for; so the answer depends only on what every honest validator
 * agrees on: the validator set, and the finalized chain.
 *
 * - `round-robin`: the leader of rank r is member r mod n, whatever happened before. A validator
 *   that is down still gets its turn every n ranks, and each of its turns costs a round timeout.
 * - `reputation`: a validator that failed its last turn, or none of whose frames was finalized
 *   lately, is skipped. For rank r the schedule looks at the finalized chain over the `window`
 *   ranks that end `lag` ranks before r (every validator has finalized that far by the time it
 *   decides on r): the members that proposed a finalized frame there, less those without a
 *   final frame of their own at their last round-robin turn there, are *active*, and the leader
 *   is the first active member of the round-robin order for r. One cycle of n ranks in every
 *   `probationEvery` (25) cycles is plain round robin, so a skipped validator gets a turn there,
 *   and is active again once that turn's frame is final. A validator that is down then costs one
 *   round timeout per `probationEvery` cycles instead of one per cycle.
 *
 *   A validator that does not hold that part of the chain (it just started or restarted, or
 *   finalization has stalled for `lag` ranks) answers round robin for the rank. While some do and
 *   some do not, they may expect different leaders at a rank that skips someone; that costs
 *   liveness only (no proposal gets a quorum there, the rank times out) and it ends as soon as
 *   they hold the same chain, or when finalization stalls, since they then all answer round
 *   robin. Safety never depends on who leads.
 */
import type { PeerId } from './types';
import type { ValidatorSet } from './validator-set';

export interface LeaderSchedule {
  /** The leader of `rank`. */
  leaderAt(rank: number): PeerId;
  /** Every member in the order in which they lead `rank`: the leader first. */
  leaderOrder(rank: number): readonly PeerId[];
  /** The next frame of the finalized chain (ranks strictly increase). */
  finalized(frame: FinalizedFrame): void;
}

/** What the schedule reads of a finalized frame. */
export interface FinalizedFrame {
  readonly rank: number;
  readonly id: string;
  /** The id of the frame it extends. */
  readonly parent: string;
  readonly proposer: PeerId;
}

export interface ReputationOptions {
  /** Ranks between the end of the window looked at and the rank whose leader is chosen (default 4). */
  readonly lag?: number;
  /** Ranks looked at (default 3n). */
  readonly window?: number;
  /** One cycle of n ranks in every this many is plain round robin (default 25). */
  readonly probationEvery?: number;
}

export const DEFAULT_REPUTATION_LAG = 4;
export const DEFAULT_PROBATION_EVERY = 25;

/** How many ranks of the finalized chain a reputation schedule reads back from a rank. */
export const reputationSpan = (n: number, options: ReputationOptions = {}): number =>
  (options.lag ?? DEFAULT_REPUTATION_LAG) + (options.window ?? 3 * n);

/** Round robin: the leader of rank r is member r mod n. */
export function roundRobinSchedule(validators: ValidatorSet): LeaderSchedule {
  return {
    leaderAt: (rank) => validators.leaderOrder(rank)[0]!,
    leaderOrder: (rank) => validators.leaderOrder(rank),
    finalized: () => undefined,
  };
}

/** Answers kept for ranks whose window was held in full (they never change). */
const REMEMBERED = 64;

/**
 * Leader reputation over the finalized chain. `through`: the last finalized frame this
 * validator holds (genesis when new); `history`: finalized frames ending with that one, in
 * rank order (a restarted validator's store has them), so it can choose at once.
 */
export function reputationSchedule(
  validators: ValidatorSet,
  through: FinalizedFrame,
  history: readonly FinalizedFrame[] = [],
  options: ReputationOptions = {},
): LeaderSchedule {
  const n = validators.size;
  const lag = options.lag ?? DEFAULT_REPUTATION_LAG;
  const window = reputationSpan(n, options) - lag;
  const period = (options.probationEvery ?? DEFAULT_PROBATION_EVERY) * n;
  for (const [name, value, least] of [
    ['lag', lag, 1],
    ['window', window, 1],
    ['probationEvery', period / n, 1],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < least)
      throw new RangeError(`reputation ${name} must be an integer of at least ${least}, got ${value}`);
  }

  /** Proposers of the finalized frames held, by rank: every rank from `knownFrom` to `last`. */
  const proposers = new Map<number, PeerId>();
  let last = through.rank;
  let lastId = through.id;
  let knownFrom = through.rank + 1;
  const chosen = new Map<number, readonly PeerId[]>();

  const append = (frame: FinalizedFrame): void => {
    if (frame.rank <= last) return;
    // Not the child of the last frame held: the ranks below it are unknown here.
    if (frame.parent !== lastId) {
      proposers.clear();
      knownFrom = frame.rank;
    }
    proposers.set(frame.rank, frame.proposer);
    last = frame.rank;
    lastId = frame.id;
    // Ranks far below the last are not asked about again: no longer held.
    const oldest = last - lag - window - REMEMBERED;
    if (knownFrom <= oldest) {
      for (const rank of proposers.keys()) {
        if (rank > oldest) break;
        proposers.delete(rank);
      }
      knownFrom = oldest + 1;
    }
  };
  // Held from the first frame's parent on, when the frames end with `through`.
  if (history.length > 0 && history[history.length - 1]!.id === through.id) {
    last = -Infinity;
    lastId = history[0]!.parent;
    for (const frame of history) append(frame);
    knownFrom = history[0]!.rank;
  }

  /** The order for `rank`, and whether it was read from a full window (then it is final). */
  const orderAt = (rank: number): { order: readonly PeerId[]; final: boolean } => {
    const roundRobin = validators.leaderOrder(rank);
    if (((rank % period) + period) % period < n) return { order: roundRobin, final: true };
    const end = rank - lag;
    const start = end - window + 1;
    if (start < knownFrom || end > last) return { order: roundRobin, final: false };
    const active = new Set<PeerId>();
    for (let r = start; r <= end; r++) {
      const proposer = proposers.get(r);
      if (proposer !== undefined) active.add(proposer);
    }
    // A member without a final frame of its own at its last round-robin turn in the window
    // failed that turn (an active member leads its own turns) or was skipped there: it is skipped
    // from 4 ranks after its first failed turn, not only once its last final frame leaves the
    // window.
    for (let r = end; r > end - n && r >= start; r--) {
      const member = validators.members[r % n]!.id;
      if (proposers.get(r) !== member) active.delete(member);
    }
    if (active.size === 0) return { order: roundRobin, final: true };
    const order = roundRobin.filter((id) => active.has(id));
    for (const id of roundRobin) if (!active.has(id)) order.push(id);
    return { order, final: true };
  };

  const leaderOrder = (rank: number): readonly PeerId[] => {
    const known = chosen.get(rank);
    if (known !== undefined) return known;
    const { order, final } = orderAt(rank);
    if (final) {
      chosen.set(rank, order);
      if (chosen.size > REMEMBERED) chosen.delete(chosen.keys().next().value!);
    }
    return order;
  };

  return {
    leaderAt: (rank) => leaderOrder(rank)[0]!,
    leaderOrder,
    finalized: append,
  };
}
