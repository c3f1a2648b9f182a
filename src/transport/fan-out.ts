/**
 * A minimal multicast (what a `Subject` does for a node's inbound stream) that keeps delivering to
 * the other subscribers when one throws. Subscribe/unsubscribe copy the list, so emitting never does.
 *
 * RxJS 7 already catches a throw inside a plain `subscribe(fn)` callback and reports it through
 * `config.onUnhandledError`; what reaches `onError` here is anything that still escapes synchronously
 * (a hand-written `Subscriber`, `useDeprecatedSynchronousErrorHandling`).
 */
import { Observable, type Subscriber } from 'rxjs';

export class FanOut<T> {
  private subscribers: readonly Subscriber<T>[] = [];
  private closed = false;

  readonly observable = new Observable<T>((subscriber) => {
    if (this.closed) {
      subscriber.complete();
      return undefined;
    }
    this.subscribers = [...this.subscribers, subscriber];
    return () => {
      this.subscribers = this.subscribers.filter((s) => s !== subscriber);
    };
  });

  get isClosed(): boolean {
    return this.closed;
  }

  emit(value: T, onError: (error: unknown, value: T) => void): void {
    const subscribers = this.subscribers;
    for (let i = 0; i < subscribers.length; i++) {
      try {
        subscribers[i]!.next(value);
      } catch (error) {
        onError(error, value);
      }
    }
  }

  complete(): void {
    if (this.closed) return;
    this.closed = true;
    const subscribers = this.subscribers;
    this.subscribers = [];
    for (const subscriber of subscribers) subscriber.complete();
  }
}
