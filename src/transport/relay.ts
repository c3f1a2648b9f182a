/**
 * Zero-delay delivery without recursion: the outermost delivery runs at once (inside `send`), and
 * any delivery started while it runs is queued and handed over right after, breadth-first, so a
 * chain of instant replies keeps a flat stack and every recipient of a broadcast hears it before
 * anyone hears a reaction to it.
 */
import { Fifo } from './fifo';

export class Relay<N, D> {
  private busy = false;
  private readonly froms = new Fifo<N>();
  private readonly tos = new Fifo<N>();
  private readonly deliveries = new Fifo<D>();

  constructor(
    /** Delivers one copy (re-checking that it can still get through). */
    private readonly handOver: (from: N, to: N, delivery: D) => void,
    /** Charges the sender of a copy abandoned because a handover threw. */
    private readonly abandon: (from: N) => void,
  ) {}

  /** Copies queued behind the delivery in progress. */
  get size(): number {
    return this.deliveries.size;
  }

  deliver(from: N, to: N, delivery: D): void {
    if (this.busy) {
      this.froms.push(from);
      this.tos.push(to);
      this.deliveries.push(delivery);
      return;
    }
    this.busy = true; // the common case, written out to spare a closure per message
    try {
      this.handOver(from, to, delivery);
      this.drain();
    } finally {
      this.settle();
    }
  }

  /** Runs `work` as one delivery: whatever it delivers is queued and handed over after it. */
  batch(work: () => void): void {
    if (this.busy) return work();
    this.busy = true;
    try {
      work();
      this.drain();
    } finally {
      this.settle();
    }
  }

  private drain(): void {
    while (this.deliveries.size > 0) {
      this.handOver(this.froms.shift(), this.tos.shift(), this.deliveries.shift());
    }
  }

  /** Ends the outermost delivery; if a handover threw, what it left queued is abandoned. */
  private settle(): void {
    this.busy = false;
    while (this.deliveries.size > 0) {
      this.deliveries.shift();
      this.tos.shift();
      this.abandon(this.froms.shift());
    }
  }
}
