/**
 * The signed envelopes this node accepted, per rank, kind and sender: the first half of the
 * evidence when the same sender later signs something different at the same rank. Bounded
 * without a size knob: only known senders with valid signatures get in, only ranks inside the
 * window, and ranks at or below the active rank are dropped.
 */
import type { Envelope, MessageKind } from '../wire/envelope';

export interface HeldEnvelope {
  readonly envelope: Envelope;
  /** The identity of the item inside, as the domain reads it. */
  readonly itemId: string;
}

export class EvidenceCache {
  private readonly byRank = new Map<number, Map<string, HeldEnvelope>>();
  private prunedThrough = -Infinity;

  get(rank: number, kind: MessageKind, sender: string): HeldEnvelope | undefined {
    return this.byRank.get(rank)?.get(slot(kind, sender));
  }

  /** Keep the first envelope per slot. */
  hold(rank: number, kind: MessageKind, sender: string, held: HeldEnvelope): void {
    let slots = this.byRank.get(rank);
    if (slots === undefined) {
      slots = new Map();
      this.byRank.set(rank, slots);
    }
    const key = slot(kind, sender);
    if (!slots.has(key)) slots.set(key, held);
  }

  /** Forget ranks at or below `activeRank`. */
  pruneThrough(activeRank: number): void {
    if (activeRank <= this.prunedThrough) return;
    this.prunedThrough = activeRank;
    for (const rank of this.byRank.keys()) if (rank <= activeRank) this.byRank.delete(rank);
  }

  get size(): number {
    let n = 0;
    for (const slots of this.byRank.values()) n += slots.size;
    return n;
  }
}

const slot = (kind: MessageKind, sender: string): string => `${kind}\u0000${sender}`;
