/**
 * `guardSubscribers(source, report)`: an Observable whose direct subscribers' exceptions are
 * caught and reported instead of being rethrown asynchronously by RxJS (which would crash a Node
 * process). Operators piped onto it subscribe normally; their own subscribers follow RxJS's rules.
 */
import { Observable, Subscriber, type Observer } from 'rxjs';

type Report = (message: string, err: unknown) => void;

function guardObserver<T>(
  target: Partial<Observer<T>> | ((value: T) => void),
  report: Report,
): Partial<Observer<T>> {
  const observer: Partial<Observer<T>> = typeof target === 'function' ? { next: target } : target;
  const call = (name: keyof Observer<T>, fn: ((arg?: never) => void) | undefined, arg?: unknown) => {
    if (fn === undefined) return;
    try {
      (fn as (a: unknown) => void).call(observer, arg);
    } catch (err) {
      report(`a subscriber's ${name} handler threw; consensus goes on`, err);
    }
  };
  return {
    next: (value) => call('next', observer.next as never, value),
    error: (err: unknown) => call('error', observer.error as never, err),
    complete: () => call('complete', observer.complete as never),
  };
}

export function guardSubscribers<T>(source: Observable<T>, report: Report): Observable<T> {
  const guarded = new Observable<T>((subscriber) => source.subscribe(subscriber));
  const subscribe = guarded.subscribe.bind(guarded) as (
    o?: unknown,
  ) => ReturnType<Observable<T>['subscribe']>;
  (guarded as { subscribe: unknown }).subscribe = (observerOrNext?: unknown) => {
    if (observerOrNext === undefined || observerOrNext === null || observerOrNext instanceof Subscriber) {
      return subscribe(observerOrNext);
    }
    return subscribe(guardObserver(observerOrNext as Partial<Observer<T>>, report));
  };
  return guarded;
}
