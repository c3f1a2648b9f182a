/**
 * Reference voting: vote for the highest-priority valid proposal (with patience, see
 * `patient-vote.ts`), count a quorum as more than two thirds of the validator weight behind one
 * frame (only ballots whose signature verifies count), and finalize that frame. A quorum for a
 * frame never received is thrown: the engine answers it with `induce_sync`, and a vote already
 * cast is re-sent, never changed.
 */
import type { VotingProvider } from '../../engine/types';
import { checkFrame } from '../frame';
import { followPrior } from '../round-memory';
import { quorumOf } from '../tally';
import type { Ballot, Frame, PeerId } from '../types';
import type { NodeContext } from './context';
import { patientVote } from './patient-vote';

export function referenceVoting(ctx: NodeContext): VotingProvider<Frame, Ballot, PeerId> {
  return {
    sendProposal(proposal) {
      ctx.send.proposal(proposal);
    },
    decideAndSendVote(proposals) {
      return patientVote(ctx, proposals);
    },
    sendVote(vote) {
      ctx.send.vote(vote.proposer, vote);
      return vote.proposer;
    },
    isQuorum(votes) {
      return quorumOf(votes.values(), ctx.check) !== undefined;
    },
    finalizeVotes(proposals, votes) {
      const support = quorumOf(votes.values(), ctx.check);
      if (support === undefined) throw new Error('no frame has a quorum of valid ballots');
      const frame = [...proposals.values()].find((p) => p.id === support.proposal);
      if (frame === undefined || checkFrame(frame, ctx.check)._tag === 'Left') {
        throw new Error(`frame ${support.proposal} has a quorum but no valid copy of it was received`);
      }
      ctx.pool.remove(frame.mutations);
      followPrior(ctx.memory, frame);
      return { state: frame, proposer: frame.proposer };
    },
    sendConfirmation(finalized) {
      ctx.send.confirmation(finalized);
    },
  };
}
