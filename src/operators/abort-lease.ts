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
 * The state entry aborts its lease when the state is left.
 */
import type { Observable } from 'rxjs';
import { fromResult, type Result } from './from-result';

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
  private reason: unknown = STATE_LEFT;

  constructor(private readonly pool: SignalPool = new SignalPool()) {}

  /** The controller whose signal a provider call gets (already aborted if the state was left). */
  lend(): AbortController {
    if (!this.aborted) return this.pool.lend();
    const controller = new AbortController();
    controller.abort(this.reason);
    return controller;
  }

  /**
   * The call given `controller` is still in flight: abort it when the state is left, or now if
   * the state was left while the call was being made.
   */
  keep(controller: AbortController): void {
    this.pool.take(controller);
    if (this.aborted) controller.abort(this.reason);
    else (this.kept ??= []).push(controller);
  }

  /** The signals of calls kept in flight, oldest first. */
  keptSignals(): readonly AbortSignal[] {
    return this.kept === null ? [] : this.kept.map((c) => c.signal);
  }

  /** The work is over (`reason`, the state left by default): abort the calls still in flight. */
  abort(reason: unknown = STATE_LEFT): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const kept = this.kept;
    this.kept = null;
    if (kept !== null) for (const controller of kept) controller.abort(reason);
  }
}

/** `fromResult` for a provider call whose signal `lease` lends, kept only while the call is in flight. */
export function leasedCall<T>(
  lease: AbortLease,
  provider: string,
  invoke: (signal: AbortSignal) => Result<T>,
  emptyValue?: { value: T },
): Observable<T> {
  let lent: AbortController;
  return fromResult(
    provider,
    () => invoke((lent = lease.lend()).signal),
    emptyValue,
    () => lease.keep(lent),
  );
}
