/**
 * One AbortSignal per state entry, created only when a provider first asks for it (building
 * AbortControllers and aborting them is not free on a hot path), aborted when the state is left.
 * It is a resource for RxJS's `using`: unsubscribing aborts it.
 */
const STATE_LEFT = new Error('state left');

export class AbortLease {
  private controller: AbortController | null = null;
  private aborted = false;

  get signal(): AbortSignal {
    if (this.controller === null) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(STATE_LEFT);
    }
    return this.controller.signal;
  }

  unsubscribe(): void {
    this.abort();
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.controller?.abort(STATE_LEFT);
  }
}
