/**
 * A validator that answers some peers and withholds from the others: it runs the honest protocol
 * but sends each message, catch-up answers included, only to the first half of its peers. The
 * other half sees it as silent, the first half as honest.
 */
import { twoHalves } from './peer-groups';
import type { ByzantineStrategy } from './types';

export function withholder(): ByzantineStrategy {
  return {
    name: 'withholder',
    faulty: true,
    honestCore: {
      outbound(out, forward, ctx) {
        const [told] = twoHalves([...ctx.peers()].sort());
        const to = (out.to ?? told).filter((peer) => told.includes(peer));
        if (to.length > 0) forward({ bytes: out.bytes, to });
      },
    },
    start: () => undefined,
  };
}
