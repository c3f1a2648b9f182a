/**
 * A validator that takes part only in ending ranks: it runs the honest protocol but lets nothing
 * out except its timeouts (no proposals, votes, liveness or confirmations). With two such nodes
 * of four no frame can be certified, yet ranks still end by timeout certificates.
 */
import { decodeEnvelope } from '../../wire/encoding';
import type { ByzantineStrategy } from './types';

export function timeoutsOnly(): ByzantineStrategy {
  return {
    name: 'timeouts-only',
    faulty: true,
    honestCore: {
      outbound(out, forward) {
        const envelope = decodeEnvelope(out.bytes);
        if (envelope._tag === 'Right' && envelope.right.kind === 'timeout') forward(out);
      },
    },
    start: () => undefined,
  };
}
