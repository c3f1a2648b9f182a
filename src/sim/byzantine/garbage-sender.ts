/**
 * Garbage on the wire: every `every` ms, send each peer one piece of malformed, unauthenticated,
 * badly signed or oversized input, cycling through the kinds (see `garbage.ts`).
 */
import { timer } from 'rxjs';
import { DEFAULT_MAX_BYTES } from '../../wire/encoding';
import { garbage, GARBAGE_KINDS, type GarbageKind } from './garbage';
import type { ByzantineStrategy } from './types';

export interface GarbageSenderOptions {
  /** Milliseconds between sends (default 250). */
  readonly every?: number;
  /** Kinds sent, in turn (default: all). */
  readonly kinds?: readonly GarbageKind[];
  /** The receivers' size limit; oversized garbage is one byte more (default 1 MiB). */
  readonly maxBytes?: number;
}

export function garbageSender(options: GarbageSenderOptions = {}): ByzantineStrategy {
  const every = options.every ?? 250;
  const kinds = options.kinds ?? GARBAGE_KINDS;
  const oversizedBytes = (options.maxBytes ?? DEFAULT_MAX_BYTES) + 1;
  return {
    name: 'garbage-sender',
    faulty: true,
    start(ctx) {
      let heardRank = 1;
      const source = {
        self: ctx.self,
        signer: ctx.signer,
        rng: ctx.rng,
        oversizedBytes,
        // Ahead of the rank heard (it is over by the next send), still inside every window.
        rank: () => heardRank + 2,
      };
      const listening = ctx.inbound$.subscribe((heard) => {
        heardRank = Math.max(heardRank, heard.envelope.rank);
      });
      const sending = timer(every, every, ctx.scheduler).subscribe((tick) => {
        ctx.sendBytes(garbage(kinds[tick % kinds.length]!, source));
      });
      sending.add(listening);
      return sending;
    },
  };
}
