/**
 * Re-broadcasting a node's own messages of the round in progress, so a lossy network delays a
 * round instead of stalling it: the engine re-sends liveness and votes on its timeouts, but a lost
 * proposal or confirmation is never sent again. Every `every` ms, the node's latest liveness,
 * proposal, vote and confirmation go out again if they have not been sent for that long and are
 * for the round in progress or the one it just finished (a peer still in that round may need
 * them: this node has moved on because it got them). Receivers take a repeat as a duplicate.
 */
import { timer, type SchedulerLike, type Subscription } from 'rxjs';
import type { Envelope, MessageKind } from '../../wire/envelope';

export interface Resender {
  /** Remember a message just sent (the latest of its kind replaces the previous one). */
  sent(envelope: Envelope, bytes: Uint8Array): void;
  stop(): void;
}

interface Held {
  readonly rank: number;
  readonly bytes: Uint8Array;
  lastSent: number;
}

export function createResender(options: {
  readonly every: number;
  readonly scheduler: SchedulerLike;
  /** The node's active rank now. */
  readonly activeRank: () => number;
  readonly resend: (bytes: Uint8Array) => void;
}): Resender {
  const { every, scheduler, activeRank, resend } = options;
  const latest = new Map<MessageKind, Held>();
  const ticking: Subscription = timer(every, every, scheduler).subscribe(() => {
    const now = scheduler.now();
    const active = activeRank();
    for (const [kind, held] of latest) {
      if (held.rank < active) latest.delete(kind);
      else if (now - held.lastSent >= every) {
        held.lastSent = now;
        resend(held.bytes);
      }
    }
  });
  return {
    sent(envelope, bytes) {
      const held = latest.get(envelope.kind);
      if (held === undefined || envelope.rank >= held.rank) {
        latest.set(envelope.kind, { rank: envelope.rank, bytes, lastSent: scheduler.now() });
      }
    },
    stop: () => ticking.unsubscribe(),
  };
}
