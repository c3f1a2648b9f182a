/**
 * The AbortSignals of one state entry's provider calls, made only for calls actually in flight.
 *
 * Building an AbortController (an `EventTarget`) and aborting it (an `Event` dispatched) cost
 * more than a whole instant provider call, so a machine keeps one spare controller
 * (`SignalPool`) and lends its signal to every call. A call that answers at once has nothing
 * left to cancel: the spare stays spare for the next call. A call still in flight once the
 * provider returned (a Promise, an Observable that has not answered yet) keeps the controller:
 * it becomes the entry's, is aborted when the state is left, and the pool makes a new spare
 * the next time one is asked for. So a signal fires exactly for the work that is cancelled.
 *
 * The lease is a resource for RxJS's `using`: unsubscribing aborts what it kept.
 */
const STATE_LEFT = new Error('state left');

/** One machine's spare, never-aborted controller, lent to each provider call in turn. */
export class SignalPool {
  private spare: AbortController | null = null;

  lend(): AbortController {
    return (this.spare ??= new AbortController());
  }

  /** `controller` is kept by a call in flight: it is no longer the spare. */
  take(controller: AbortController): void {
    if (this.spare === controller) this.spare = null;
  }
}

export class AbortLease {
  /** Controllers of calls that were in flight when they returned; aborted when the state is left. */
  private kept: AbortController[] | null = null;
  private aborted = false;

  constructor(private readonly pool: SignalPool = new SignalPool()) {}

  /** The controller whose signal a provider call gets (already aborted if the state was left). */
  lend(): AbortController {
    if (!this.aborted) return this.pool.lend();
    const controller = new AbortController();
    controller.abort(STATE_LEFT);
    return controller;
  }

  /** The call given `controller` is still in flight: abort it when the state is left. */
  keep(controller: AbortController): void {
    if (controller.signal.aborted) return;
    this.pool.take(controller);
    (this.kept ??= []).push(controller);
  }

  /** The signals of calls kept in flight, oldest first. */
  keptSignals(): readonly AbortSignal[] {
    return this.kept === null ? [] : this.kept.map((c) => c.signal);
  }

  unsubscribe(): void {
    this.abort();
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const kept = this.kept;
    this.kept = null;
    if (kept !== null) for (const controller of kept) controller.abort(STATE_LEFT);
  }
}
