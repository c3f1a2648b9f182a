/**
 * Two proposals per round: as soon as a round opens, build and sign two different frames on its
 * prior and send one to each half of the network (with `crossover`, both to everyone afterwards,
 * so every peer can reject the second as a conflict).
 *
 * Known liveness limit: when this validator leads a round, honest nodes wait for its proposal and
 * the halves vote for different frames; the engine allows one vote per rank, so that rank can
 * stall for good. Safety holds.
 */
import { buildFrame } from '../../reference/frame';
import { twoHalves } from './peer-groups';
import { roundOpenings } from './round-openings';
import type { ByzantineStrategy } from './types';

export interface EquivocatingProposerOptions {
  /** Afterwards send each half the other proposal too (default false). */
  readonly crossover?: boolean;
}

export function equivocatingProposer(options: EquivocatingProposerOptions = {}): ByzantineStrategy {
  return {
    name: 'equivocating-proposer',
    faulty: true,
    start(ctx) {
      return roundOpenings(ctx).subscribe(({ rank, prior }) => {
        const [a, b] = ['a', 'b'].map((side) => ({
          kind: 'proposal' as const,
          peer: ctx.self,
          proposal: buildFrame(
            { prior, proposer: ctx.self, mutations: [`equivocation-${rank}-${side}`], proof: 'forged' },
            ctx.signer,
          ),
        }));
        const [left, right] = twoHalves(ctx.peers());
        ctx.send(a!, left);
        ctx.send(b!, right);
        if (options.crossover === true) {
          ctx.send(b!, left);
          ctx.send(a!, right);
        }
      });
    },
  };
}
