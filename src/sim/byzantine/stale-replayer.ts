/**
 * Stale messages: keep a sample of the signed messages this node hears and send them to everyone
 * again once they are old. Their signatures are genuine (they are other validators' messages),
 * so only their rank gives them away: honest nodes must refuse them as stale, and nothing changes.
 */
import { Subscription, timer } from 'rxjs';
import type { ByzantineStrategy, Heard } from './types';

export interface StaleReplayerOptions {
  /** Least age in ms before a message is replayed (default 1000). */
  readonly age?: number;
  /** Milliseconds between replays (default 200). */
  readonly every?: number;
  /** Messages replayed each time (default 2). */
  readonly batch?: number;
  /** Share of heard messages kept for replay (default 0.2). */
  readonly sample?: number;
  /** Most messages kept (default 256; the oldest go first). */
  readonly keep?: number;
}

export function staleReplayer(options: StaleReplayerOptions = {}): ByzantineStrategy {
  const age = options.age ?? 1000;
  const every = options.every ?? 200;
  const batch = options.batch ?? 2;
  const sample = options.sample ?? 0.2;
  const keep = options.keep ?? 256;
  return {
    name: 'stale-replayer',
    faulty: true,
    start(ctx) {
      const kept: Heard[] = []; // oldest first, at most `keep` (a small array: shift is cheap)
      const subscription = new Subscription();
      subscription.add(
        ctx.inbound$.subscribe((heard) => {
          if (!ctx.rng.chance(sample)) return;
          kept.push(heard);
          if (kept.length > keep) kept.shift();
        }),
      );
      subscription.add(
        timer(every, every, ctx.scheduler).subscribe(() => {
          const now = ctx.scheduler.now();
          for (let i = 0; i < batch && kept.length > 0 && now - kept[0]!.at >= age; i++) {
            ctx.sendBytes(kept.shift()!.bytes);
          }
        }),
      );
      return subscription;
    },
  };
}
