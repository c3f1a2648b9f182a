/**
 * A slow node: a correct validator whose every outbound message leaves late. It breaks no rule,
 * so the cluster checks it like an honest node (`faulty: false`). Delays are whole milliseconds.
 *
 * Known liveness limit: when it leads a round and its delay plus the network's is close to the
 * vote's patience, some nodes get its proposal in time and some do not, honest votes split
 * between two frames, and (one vote per validator per rank) that rank can stall for good.
 */
import type { ByzantineStrategy } from './types';

export interface SlowNodeOptions {
  /** Extra delay in ms: fixed, or uniform in [min, max] from the node's seeded stream (default 150). */
  readonly delay?: number | { readonly min: number; readonly max: number };
}

export function slowNode(options: SlowNodeOptions = {}): ByzantineStrategy {
  const delay = options.delay ?? 150;
  return {
    name: 'slow',
    faulty: false,
    honestCore: {
      outbound(out, forward, ctx) {
        const ms = Math.round(
          typeof delay === 'number' ? delay : delay.min + ctx.rng.next() * (delay.max - delay.min),
        );
        ctx.scheduler.schedule(() => forward(out), ms);
      },
    },
    start: () => undefined,
  };
}
