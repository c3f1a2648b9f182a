/**
 * Reference voting: vote for the round leader's proposal (see `leader-vote.ts`), count a quorum
 * as validators weighing at least the quorum behind one frame (only ballots whose signature
 * verifies count), and end the round on the frame they certify. Each send is contained: a
 * throwing transport is reported, and a vote already signed is re-sent, never signed anew.
 *
 * When votes go to the next leader only (`votesTo: 'next-leader'`), a node other than that leader
 * holds few ballots of the round: a certificate for the frame it voted for, learnt from the next
 * proposal (whose check verified its ballots), is then its quorum, and the round ends on it.
 */
import { NEVER } from 'rxjs';
import type { VotingProvider } from '../../engine/types';
import { quorumCert } from '../certificates';
import { quorumOf, tallyBallots } from '../tally';
import type { Ballot, Frame, PeerId, QuorumCert } from '../types';
import type { NodeContext } from './context';
import { leaderOf } from './leader';
import { leaderVote } from './leader-vote';

export function referenceVoting(ctx: NodeContext): VotingProvider<Frame, Ballot, PeerId> {
  /**
   * With votes to the next leader: a certificate this node holds for a frame a ballot of the round
   * is for, or else for the highest certified frame when it is at the round's rank (this node cast
   * no ballot of its own there).
   */
  const learnt = (ballots: Iterable<Ballot>): QuorumCert | undefined => {
    if (ctx.votesTo !== 'next-leader') return undefined;
    for (const ballot of ballots) {
      const qc = ctx.tree.certificateOf(ballot.proposal);
      if (qc?.rank === ballot.rank) return qc;
    }
    const highest = ctx.tree.highestCertified;
    return highest.frame.rank === ctx.round() ? highest.certificate : undefined;
  };
  return {
    sendProposal(proposal) {
      if (proposal.proposer === ctx.self && leaderOf(ctx, proposal.rank) === ctx.self)
        ctx.send.proposal(proposal);
    },
    decideVote(proposals) {
      return leaderVote(ctx, proposals);
    },
    decideAndSendVote(proposals) {
      // Only for an engine without `decideVote` (this one always has it), which cannot be told
      // "not yet": with nothing acceptable now, this node waits out the round.
      return leaderVote(ctx, proposals) ?? NEVER;
    },
    sendVote(vote) {
      ctx.send.vote(vote.proposer, vote);
      return vote.proposer;
    },
    isQuorum(votes) {
      const support = tallyBallots(votes.values(), ctx.check);
      if (support.some((s) => s.weight >= ctx.check.validators.quorumWeight)) return true;
      if (learnt(votes.values()) !== undefined) return true;
      // Split beyond repair: no frame can reach the quorum even with every vote still missing.
      const { totalWeight, quorumWeight } = ctx.check.validators;
      const cast = support.reduce((sum, s) => sum + s.weight, 0);
      const best = support.reduce((most, s) => Math.max(most, s.weight), 0);
      const rank = support[0]?.rank;
      if (rank !== undefined && best + (totalWeight - cast) < quorumWeight) ctx.timedOut(rank);
      return false;
    },
    finalizeVotes(proposals, votes) {
      const support = quorumOf(votes.values(), ctx.check);
      const qc =
        support === undefined
          ? learnt(votes.values())
          : quorumCert(support.rank, support.proposal, votes.values());
      if (qc === undefined) throw new Error('no frame has a quorum of valid ballots');
      if (support !== undefined) ctx.certified(qc);
      const frame = [...proposals.values()].find((p) => p.id === qc.frame) ?? ctx.tree.frame(qc.frame);
      // Certified but never received: the certificate moves this node on, and catch-up fetches the frame.
      if (frame === undefined) return NEVER;
      // Its mutations stay in the pool until it is final: a certified frame can still be left
      // behind (the next leader never saw the certificate), and its mutations with it.
      ctx.tree.addFrame(frame);
      return { state: frame, proposer: frame.proposer };
    },
    sendConfirmation(finalized) {
      ctx.send.confirmation(finalized);
    },
    sendTimeout(rank) {
      ctx.timedOut(rank);
    },
  };
}
