/**
 * Two proposals per rank it leads: an honest validator otherwise, but whenever it proposes, it
 * also builds and signs a second, different frame on the same certificates, and sends one to each
 * half of the network (with `crossover`, both to everyone afterwards, so every peer can reject the
 * second as a conflict). Honest votes then split, no frame is certified at that rank, and the rank
 * ends by a timeout certificate; safety holds.
 */
import { buildFrame } from '../../reference/frame';
import { referenceDomain } from '../../reference/domain';
import { decodeEnvelope } from '../../wire/encoding';
import { openEnvelope } from '../../wire/message';
import { twoHalves } from './peer-groups';
import type { ByzantineStrategy } from './types';

export interface EquivocatingProposerOptions {
  /** Afterwards send each half the other proposal too (default false). */
  readonly crossover?: boolean;
}

export function equivocatingProposer(options: EquivocatingProposerOptions = {}): ByzantineStrategy {
  return {
    name: 'equivocating-proposer',
    faulty: true,
    honestCore: {
      outbound(out, forward, ctx) {
        const envelope = decodeEnvelope(out.bytes);
        if (envelope._tag === 'Left' || envelope.right.kind !== 'proposal') return forward(out);
        const opened = openEnvelope(referenceDomain, envelope.right, ctx.self);
        if (opened._tag === 'Left' || opened.right.kind !== 'proposal') return forward(out);
        const original = opened.right.proposal;
        const twin = buildFrame(
          {
            rank: original.rank,
            prior: { id: original.parent, rank: original.justify?.rank ?? 0 },
            ...(original.justify === null ? {} : { justify: original.justify }),
            timeout: original.timeout,
            proposer: ctx.self,
            mutations: [`equivocation-${original.rank}`],
            proof: 'forged',
          },
          ctx.signer,
          ctx.chain,
        );
        const [left, right] = twoHalves(ctx.peers());
        forward({ bytes: out.bytes, to: left });
        ctx.send({ kind: 'proposal', peer: ctx.self, proposal: twin }, right);
        if (options.crossover === true) {
          ctx.send({ kind: 'proposal', peer: ctx.self, proposal: twin }, left);
          forward({ bytes: out.bytes, to: right });
        }
      },
    },
    start: () => undefined,
  };
}
