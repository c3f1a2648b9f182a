/**
 * A validator that signs messages carrying certificates that do not cover what they claim to.
 * When it leads it proposes on an old QC (the one its current QC's frame built on), carrying the
 * oldest timeout certificate it heard, which does not cover the ranks skipped; its timeouts carry
 * that stale TC as `lastTc`. Everything is validly signed: only the certificates are the wrong ones.
 *
 * Receivers refuse a frame that skips ranks without TC(rank − 1), refuse to vote for one whose QC
 * is below what the TC names, and ignore a TC below the one they hold: the rank it leads fails
 * like a silent leader's, and nothing else changes.
 */
import { buildFrame, genesisCertificate } from '../../reference/frame';
import type { QuorumCert, TimeoutCert } from '../../reference/types';
import { outgoing } from './outbound-message';
import type { ByzantineStrategy } from './types';

export function staleCertificates(): ByzantineStrategy {
  let oldestTc: TimeoutCert | null = null;
  /** QCs seen in proposals, by the rank of the frame that carried them. */
  const olderQc = new Map<number, QuorumCert>();
  return {
    name: 'stale-certificates',
    faulty: true,
    honestCore: {
      outbound(out, forward, ctx) {
        const message = outgoing(out);
        if (message?.family === 'control' && message.message.kind === 'timeout' && oldestTc !== null) {
          const body = message.message.body;
          if (oldestTc.rank < body.timeout.rank - 1)
            return ctx.sendControl({ kind: 'timeout', body: { ...body, lastTc: oldestTc } }, out.to);
        }
        if (message?.family !== 'consensus' || message.message.kind !== 'proposal') return forward(out);
        const frame = message.message.proposal;
        const justify = frame.justify;
        if (justify === null) return forward(out);
        // The QC the certified parent itself built on: one step back, or genesis's.
        const old = olderQc.get(justify.rank) ?? genesisCertificate(ctx.genesis);
        const stale = buildFrame(
          {
            rank: frame.rank,
            prior: { id: old.frame, rank: old.rank },
            justify: old,
            timeout: oldestTc,
            proposer: ctx.self,
            mutations: frame.mutations,
            proof: frame.proof,
          },
          ctx.signer,
          ctx.chain,
        );
        ctx.send({ kind: 'proposal', peer: ctx.self, proposal: stale }, out.to);
      },
    },
    start(ctx) {
      const heard = ctx.inbound$.subscribe(({ message }) => {
        if (message.kind !== 'proposal' || message.proposal.justify === null) return;
        olderQc.set(message.proposal.rank, message.proposal.justify);
        for (const r of olderQc.keys()) if (r < message.proposal.rank - 32) olderQc.delete(r);
        const tc = message.proposal.timeout;
        if (tc !== null && oldestTc === null) oldestTc = tc;
      });
      heard.add(
        ctx.controls$.subscribe(({ message }) => {
          if (message.kind === 'timeout' && message.body.lastTc !== null && oldestTc === null)
            oldestTc = message.body.lastTc;
        }),
      );
      return heard;
    },
  };
}
