/**
 * Catching up from confirmations. A node that missed a round's messages (loss, a partition, a
 * restart) waits forever for data its peers have dropped. Confirmations tell it where they are: a
 * frame confirmed by validators weighing more than the tolerated faulty weight was confirmed by at
 * least one honest validator, so it was finalized and is safe to adopt. When such a frame is two or
 * more ranks above the node's active rank (it missed a whole round), or one rank above and still is
 * `after` ms later, the node is told to `induce_sync`, and its sync provider (wrapped by
 * `catchUpSync`) returns that frame. Rounds can be much shorter than `after`, so a node that has
 * fallen behind joins the round in progress instead of chasing it.
 *
 * Confirmations come from the guarded inbound path (already checked); those refused only for being
 * too far ahead are checked here (envelope signature, frame) so a node far behind can still jump.
 */
import type { Either } from 'fp-ts/Either';
import type { SchedulerLike, Subscription } from 'rxjs';
import type { SyncProvider } from '../../engine/types';
import type { InboundAccepted } from '../../inbound/guarded-inbound';
import type { InboundRejection } from '../../inbound/rejection';
import type { ReferenceNode } from '../../reference/node';
import type { Ballot, Collected, Frame, PeerId } from '../../reference/types';
import { decodeEnvelope } from '../../wire/encoding';
import { verifyEnvelope } from '../../wire/envelope';
import { openEnvelope } from '../../wire/message';

/** Confirmations remembered per sender. */
const KEPT_PER_SENDER = 8;

export type InboundResult = Either<InboundRejection, InboundAccepted<Frame, Ballot, PeerId, Collected>>;

export interface CatchUp {
  /** Look at what the guarded inbound path made of `raw`. */
  observe(raw: Uint8Array, result: InboundResult): void;
  /** The highest confirmed frame above `rank`, if any. */
  targetAbove(rank: number): Frame | undefined;
  stop(): void;
}

export function createCatchUp(options: {
  readonly reference: ReferenceNode;
  readonly scheduler: SchedulerLike;
  readonly after: number;
  readonly activeRank: () => number;
  /** The node is behind a confirmed frame and has not moved for `after` ms. */
  readonly stuck: () => void;
}): CatchUp {
  const { reference, scheduler, after, activeRank, stuck } = options;
  const { validators } = reference;
  const recent = new Map<PeerId, Frame[]>();
  let target: Frame | undefined;
  let inducedFor = -1;
  let check: Subscription | null = null;

  function induce(): void {
    if (target === undefined || target.rank <= inducedFor || activeRank() >= target.rank) return;
    inducedFor = target.rank;
    stuck();
  }

  function supportOf(frame: Frame): number {
    let weight = 0;
    for (const [sender, frames] of recent) {
      if (frames.some((f) => f.id === frame.id)) weight += validators.weightOf(sender);
    }
    return weight;
  }

  function note(sender: PeerId, frame: Frame): void {
    const frames = recent.get(sender) ?? [];
    if (frames.some((f) => f.id === frame.id)) return;
    frames.push(frame);
    if (frames.length > KEPT_PER_SENDER) frames.shift();
    recent.set(sender, frames);
    const active = activeRank();
    if (frame.rank <= active || (target !== undefined && frame.rank <= target.rank)) return;
    if (supportOf(frame) <= validators.faultyWeight) return;
    target = frame;
    if (frame.rank - active >= 2) return induce();
    check ??= scheduler.schedule(() => {
      check = null;
      induce();
    }, after);
  }

  /** A confirmation refused as too far ahead: check it here. */
  function farConfirmation(raw: Uint8Array): { sender: PeerId; frame: Frame } | undefined {
    const decoded = decodeEnvelope(raw);
    if (decoded._tag === 'Left' || decoded.right.kind !== 'confirmation') return undefined;
    const envelope = decoded.right;
    const key = validators.publicKeyOf(envelope.sender);
    if (key === undefined || !verifyEnvelope(envelope, key, reference.verifier)) return undefined;
    const opened = openEnvelope(reference.domain, envelope, envelope.sender);
    if (opened._tag === 'Left' || opened.right.kind !== 'confirmation') return undefined;
    if (reference.checkMessage(opened.right) !== undefined) return undefined;
    return { sender: envelope.sender, frame: opened.right.confirmation };
  }

  return {
    observe(raw, result) {
      if (result._tag === 'Right') {
        const { message } = result.right;
        if (message.kind === 'confirmation') note(message.peer, message.confirmation);
      } else if (result.left.reason === 'too_far_ahead' && result.left.kind === 'confirmation') {
        const far = farConfirmation(raw);
        if (far !== undefined) note(far.sender, far.frame);
      }
    },
    targetAbove: (rank) => (target !== undefined && target.rank > rank ? target : undefined),
    stop() {
      check?.unsubscribe();
      check = null;
    },
  };
}

/** `inner`, except that a confirmed frame above the node's own is returned instead. */
export function catchUpSync(
  inner: SyncProvider<Frame>,
  catchUp: CatchUp,
  caughtUp: (frame: Frame) => void,
): SyncProvider<Frame> {
  return {
    synchronize(existing, signal) {
      const target = catchUp.targetAbove(existing?.rank ?? -1);
      if (target === undefined) return inner.synchronize(existing, signal);
      caughtUp(target);
      return inner.synchronize(target, signal);
    },
  };
}
