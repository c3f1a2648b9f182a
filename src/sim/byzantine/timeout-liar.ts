/**
 * A validator that signs false timeouts. It stays silent when it leads (so its ranks time out),
 * and every timeout it sends names a `highQcRank` it cannot prove: `inflated` claims a QC at the
 * rank just below the timeout's (what nobody certified when the rank failed), `deflated` claims
 * genesis. From the honest timeouts it hears plus its own lie it builds a timeout certificate
 * (`poisoned`) and hands it on as the `lastTc` of its next timeout.
 *
 * What it attacks: voting rule 3 asks a frame that skips ranks to build on a QC at least as high as
 * every claim in the TC it carries. A TC whose highest claim is a lie no leader can meet would
 * stall the chain rank after rank. Receivers refuse a timeout whose QC is below its claim and a
 * TC whose QC is not exactly its highest claim, so the lie costs the rank it leads, no more.
 */
import { signTimeout, type ProvenTimeout } from '../../reference/certificates';
import type { QuorumCert, TimeoutCert, TimeoutMessage } from '../../reference/types';
import { outgoing } from './outbound-message';
import type { ByzantineContext, ByzantineStrategy } from './types';

export type TimeoutClaim = 'inflated' | 'deflated';

export interface TimeoutLiarOptions {
  /** Which lie to sign (default `inflated`). */
  readonly claim?: TimeoutClaim;
}

export function timeoutLiar(options: TimeoutLiarOptions = {}): ByzantineStrategy {
  const claim = options.claim ?? 'inflated';
  // Honest timeouts heard, by rank (the last few ranks only), and the certificates built from them.
  const heard = new Map<number, ProvenTimeout[]>();
  const poisoned = new Map<number, TimeoutCert>();

  const lie = (ctx: ByzantineContext, rank: number) =>
    signTimeout(rank, ctx.self, claim === 'inflated' ? rank - 1 : 0, ctx.signer, ctx.chain);

  /** A TC at `rank` from honest timeouts and this node's lie, carrying whatever QC it heard last. */
  function poison(ctx: ByzantineContext, rank: number, proof: QuorumCert): void {
    const weightOf = (voter: string): number => ctx.validators.weightOf(voter);
    const others = (heard.get(rank) ?? []).map((t) => t.vote).filter((v) => v.voter !== ctx.self);
    const weight = others.reduce((w, v) => w + weightOf(v.voter), weightOf(ctx.self));
    if (weight < ctx.validators.quorumWeight) return;
    const timeouts = [...others, lie(ctx, rank)].sort((a, b) => (a.voter < b.voter ? -1 : 1));
    poisoned.set(rank, { rank, timeouts, highQc: proof });
  }

  return {
    name: 'timeout-liar',
    faulty: true,
    honestCore: {
      outbound(out, forward, ctx) {
        const message = outgoing(out);
        if (message?.family === 'consensus' && message.message.kind === 'proposal') return; // silent leader
        if (message?.family !== 'control' || message.message.kind !== 'timeout') return forward(out);
        const honest: TimeoutMessage = message.message.body;
        const rank = honest.timeout.rank;
        const lastTc = poisoned.get(rank - 1) ?? honest.lastTc;
        ctx.sendControl(
          { kind: 'timeout', body: { timeout: lie(ctx, rank), highQc: honest.highQc, lastTc } },
          out.to,
        );
      },
    },
    start(ctx) {
      return ctx.controls$.subscribe(({ message }) => {
        if (message.kind !== 'timeout') return;
        const { timeout, highQc } = message.body;
        const list = heard.get(timeout.rank) ?? [];
        if (!list.some((t) => t.vote.voter === timeout.voter)) list.push({ vote: timeout, qc: highQc });
        heard.set(timeout.rank, list);
        for (const r of heard.keys()) if (r < timeout.rank - 4) heard.delete(r);
        for (const r of poisoned.keys()) if (r < timeout.rank - 4) poisoned.delete(r);
        poison(ctx, timeout.rank, highQc);
      });
    },
  };
}
