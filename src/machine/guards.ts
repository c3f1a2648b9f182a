/**
 * The named conditions some rows of the transition table are taken under. The table names them
 * (so the docs and diagrams show them); the effects and the reducer evaluate them with the
 * predicates below, so each condition is written once.
 */

/** `sync_complete`: this node is among the next leaders (the loading effect asks the provider). */
export const NEXT_LEADER = 'next leader';
/** `prover_signal`: liveness checks from at least `minimumProvers` peers at the next rank. */
export const ENOUGH_LIVENESS = 'enough liveness';
/** `quorum_reached`: the provider calls the votes a quorum, over at least `minimumProvers` proposals. */
export const QUORUM = 'quorum';
/** `rank_advanced`: the rank to run next is later than the round in progress. */
export const LATER_RANK = 'later rank';

export type GuardName = typeof NEXT_LEADER | typeof ENOUGH_LIVENESS | typeof QUORUM | typeof LATER_RANK;

/** `ENOUGH_LIVENESS`, and the proposals half of `QUORUM`: enough distinct peers heard from. */
export const enoughPeers = (heardFrom: number, minimumProvers: number): boolean =>
  heardFrom >= minimumProvers;

/** `QUORUM`: the provider's verdict on the votes, over enough proposals. */
export const quorumReached = (
  providerSaysQuorum: boolean,
  proposals: number,
  minimumProvers: number,
): boolean => providerSaysQuorum && enoughPeers(proposals, minimumProvers);

/** `LATER_RANK`: whether a round ending at `over` (the rank before the next one) is later than `activeRank`. */
export const laterRank = (over: number, activeRank: number): boolean => over > activeRank;
