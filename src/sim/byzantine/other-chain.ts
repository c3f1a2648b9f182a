/**
 * A validator that replays its messages signed for another chain with the same key: next to each
 * honest message it sends the same one sealed for a chain whose genesis differs, and next to each
 * vote a ballot signed for that other chain inside an envelope of this one. Validators that reuse
 * keys across chains (a testnet and a mainnet, two epochs) are the ones this would fool.
 *
 * Every signature covers the chain scope, so receivers refuse the envelope as another chain's
 * before any other work, and the ballot as not signed for this chain.
 */
import { signBallot } from '../../reference/ballot';
import { genesisFrame } from '../../reference/frame';
import { chainScope } from '../../reference/verification';
import { encodeEnvelope } from '../../wire/encoding';
import { sealMessage } from '../../wire/message';
import { referenceDomain } from '../../reference/domain';
import { outgoing } from './outbound-message';
import type { ByzantineStrategy } from './types';

export function otherChain(name = 'another-chain'): ByzantineStrategy {
  return {
    name: 'other-chain',
    faulty: true,
    honestCore: {
      outbound(out, forward, ctx) {
        forward(out);
        const foreign = chainScope(genesisFrame(name), ctx.validators);
        const message = outgoing(out);
        if (message === null) return;
        if (message.family === 'control') return ctx.sendControl(message.message, out.to, foreign);
        ctx.sendBytes(
          encodeEnvelope(sealMessage(referenceDomain, ctx.signer, message.message, foreign)),
          out.to,
        );
        if (message.message.kind === 'vote') {
          const { vote } = message.message;
          const frame = { ...ctx.genesis, rank: vote.rank, id: vote.proposal, proposer: vote.proposer };
          const ballot = signBallot(frame, ctx.self, ctx.signer, foreign);
          ctx.send({ kind: 'vote', proposer: vote.proposer, voter: ctx.self, vote: ballot }, out.to);
        }
      },
    },
    start: () => undefined,
  };
}
