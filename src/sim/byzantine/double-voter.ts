/**
 * Conflicting votes: at each rank, as soon as the leader's proposal is in, sign a vote for it and
 * a vote for a second frame of that rank (the same content changed, an id nobody proposed) and
 * send one to each half of the network. With `crossover`
 * (default) each half then also gets the other vote, so every peer holds both signed votes: proof
 * of equivocation it must reject.
 */
import { signBallot } from '../../reference/ballot';
import { frameId } from '../../reference/frame';
import type { Frame } from '../../reference/types';
import { twoHalves } from './peer-groups';
import type { ByzantineStrategy } from './types';

export interface DoubleVoterOptions {
  /** Send each half the other vote too (default true). */
  readonly crossover?: boolean;
  /** Milliseconds between the first votes and the crossover (default 0). */
  readonly crossoverDelay?: number;
}

/** A frame like `frame` with other content: a different id at the same rank, by the same proposer. */
function otherFrame(frame: Frame): Frame {
  const content = { ...frame, mutations: [...frame.mutations, 'double-vote'] };
  return { ...content, id: frameId(content) };
}

export function doubleVoter(options: DoubleVoterOptions = {}): ByzantineStrategy {
  const crossover = options.crossover ?? true;
  const crossoverDelay = options.crossoverDelay ?? 0;
  return {
    name: 'double-voter',
    faulty: true,
    start(ctx) {
      let votedThrough = -1;
      const voteFor = (frame: Frame) => ({
        kind: 'vote' as const,
        proposer: frame.proposer,
        voter: ctx.self,
        vote: signBallot(frame, ctx.self, ctx.signer, ctx.chain),
      });
      return ctx.inbound$.subscribe(({ message }) => {
        if (message.kind !== 'proposal' || message.proposal.rank <= votedThrough) return;
        const frame = message.proposal;
        if (ctx.validators.leaderOrder(frame.rank)[0] !== frame.proposer) return;
        votedThrough = frame.rank;
        const [a, b] = [voteFor(frame), voteFor(otherFrame(frame))];
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
