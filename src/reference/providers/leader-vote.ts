/**
 * The vote decision: wait for the frame the leader of the round proposes, and vote for it once it
 * is valid and safe to vote for (see `safety-rules.ts`). Proposals from anyone else are never
 * voted for, so honest votes cannot split between two frames unless the leader equivocates, and
 * a leader that is silent or equivocates costs one timeout, after which the rank ends by a
 * timeout certificate and the next leader proposes.
 *
 * The ballot is signed and recorded by the safety rules (with the raised lock) before it is returned;
 * the engine records it in its vote store and only then asks `sendVote` to send it. While no
 * acceptable proposal is in, the answer is null and the engine asks again whenever proposals or
 * votes change during the round.
 */
import { checkFrame } from '../frame';
import { unsafeVote } from '../safety-rules';
import type { Ballot, Frame, PeerId } from '../types';
import type { NodeContext } from './context';
import { leaderOf } from './leader';

export type Vote = { proposer: PeerId; vote: Ballot };

/** The leader's proposal at `rank` among `candidates`, if one is valid and safe to vote for. */
export function acceptableProposal(
  ctx: NodeContext,
  rank: number,
  candidates: Iterable<Frame>,
): Frame | undefined {
  const leader = leaderOf(ctx, rank);
  const safety = ctx.store.safety();
  let chosen: Frame | undefined;
  for (const frame of candidates) {
    if (frame.rank !== rank || frame.proposer !== leader) continue;
    if (unsafeVote(frame, safety) !== undefined) continue;
    if (checkFrame(frame, ctx.check)._tag === 'Left') continue;
    // Two valid frames from one leader: it equivocated. Every honest node picks the same one.
    if (chosen === undefined || frame.id < chosen.id) chosen = frame;
  }
  return chosen;
}

/** This node's vote at the round in progress: the one already signed, a new one, or null for now. */
export function leaderVote(ctx: NodeContext, proposals: ReadonlyMap<string, Frame>): Vote | null {
  const rank = ctx.round();
  const recorded = ctx.store.signedAt(rank)?.vote;
  if (recorded !== undefined) return { proposer: recorded.proposer, vote: recorded };
  const frame = acceptableProposal(ctx, rank, proposals.values());
  if (frame === undefined) return null;
  const signed = ctx.safety.vote(frame);
  if (signed._tag === 'Left') return null;
  ctx.tree.addFrame(frame);
  return { proposer: frame.proposer, vote: signed.right };
}
