/**
 * Items held until a due time, with at most ONE action pending on the scheduler (for the earliest
 * due time). Scheduling per item would be quadratic on RxJS's VirtualTimeScheduler, which sorts its
 * whole action list on every schedule; here each item costs O(log n) in our own heap.
 */
import type { SchedulerLike, Subscription } from 'rxjs';
import { MinQueue } from './min-queue';

export class DelayLine<T> {
  private readonly queue = new MinQueue<T>();
  private armed: Subscription | null = null;
  private armedAt = Infinity;
  private firing = false;

  constructor(
    private readonly scheduler: SchedulerLike,
    /** Called for each due item, in (due time, insertion) order, with the time it is delivered at. */
    private readonly release: (item: T, at: number) => void,
  ) {}

  get size(): number {
    return this.queue.size;
  }

  push(due: number, item: T): void {
    this.queue.push(due, item);
    // While firing, the loop re-arms once at the end for whatever is then earliest.
    if (!this.firing && due < this.armedAt) this.arm(due);
  }

  /** Drops every held item (handing each to `visit`) and cancels the pending action. */
  clear(visit?: (item: T) => void): void {
    this.armed?.unsubscribe();
    this.armed = null;
    this.armedAt = Infinity;
    this.queue.clear(visit);
  }

  private arm(due: number): void {
    this.armed?.unsubscribe();
    this.armedAt = due;
    this.armed = this.scheduler.schedule(() => this.fire(), Math.max(0, due - this.scheduler.now()));
  }

  private fire(): void {
    this.armed = null;
    // A real-time timer may fire a hair early; what it was armed for is due regardless.
    const now = this.scheduler.now();
    const horizon = Math.max(now, this.armedAt);
    this.armedAt = Infinity;
    this.firing = true;
    try {
      const { queue } = this;
      let due: number;
      while ((due = queue.peekTime()) <= horizon) {
        this.release(queue.pop(), due > now ? due : now);
      }
    } finally {
      this.firing = false;
      if (this.queue.size > 0) this.arm(this.queue.peekTime());
    }
  }
}
