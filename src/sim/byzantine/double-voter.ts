/**
 * Conflicting votes: at each rank, once two different proposals are in, sign a vote for each and
 * send one to each half of the network. With `crossover` (default) each half then also gets the
 * other vote, so every peer holds both signed votes: proof of equivocation it must reject.
 */
import { signBallot } from '../../reference/ballot';
import type { Frame } from '../../reference/types';
import { twoHalves } from './peer-groups';
import type { ByzantineStrategy } from './types';

export interface DoubleVoterOptions {
  /** Send each half the other vote too (default true). */
  readonly crossover?: boolean;
  /** Milliseconds between the first votes and the crossover (default 0). */
  readonly crossoverDelay?: number;
}

export function doubleVoter(options: DoubleVoterOptions = {}): ByzantineStrategy {
  const crossover = options.crossover ?? true;
  const crossoverDelay = options.crossoverDelay ?? 0;
  return {
    name: 'double-voter',
    faulty: true,
    start(ctx) {
      let votedThrough = -1;
      let first: Frame | null = null;
      const voteFor = (frame: Frame) => ({
        kind: 'vote' as const,
        proposer: frame.proposer,
        voter: ctx.self,
        vote: signBallot(frame, ctx.self, ctx.signer),
      });
      return ctx.inbound$.subscribe(({ message }) => {
        if (message.kind !== 'proposal' || message.proposal.rank <= votedThrough) return;
        const frame = message.proposal;
        if (first === null || frame.rank > first.rank) {
          first = frame;
          return;
        }
        if (frame.rank < first.rank || frame.id === first.id) return;
        votedThrough = frame.rank;
        const [a, b] = [voteFor(first), voteFor(frame)];
        first = null;
        const [left, right] = twoHalves(ctx.peers());
        ctx.send(a, left);
        ctx.send(b, right);
        if (!crossover) return;
        ctx.scheduler.schedule(() => {
          ctx.send(b, left);
          ctx.send(a, right);
        }, crossoverDelay);
      });
    },
  };
}
