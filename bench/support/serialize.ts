/**
 * `serialize()`: deliver values one at a time, in arrival order. A value that arrives while the
 * previous one is still being delivered downstream (a re-entrant `next` from a provider, a
 * listener or a subscriber) is queued and delivered after it, never re-entrantly.
 *
 * RxJS's `observeOn(queueScheduler)` does the same, through a scheduler action per value:
 * `npm run bench:operators` measured 7.0M values/s here against 4.1M/s for it. Unlike the shared
 * `queueScheduler`, its queue is this stream's own: one machine's input is never held behind
 * another machine's work.
 *
 * The machine no longer uses it (the runtime's mailbox orders its inputs, `src/runtime`); it stays
 * here, beside the benchmark that compares it with RxJS, rather than as library code nothing runs.
 */
import { Observable, type MonoTypeOperatorFunction } from 'rxjs';

export function serialize<T>(): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      const queue: (T | undefined)[] = [];
      let head = 0;
      let draining = false;
      return source.subscribe({
        next(value) {
          if (draining) {
            queue.push(value);
            return;
          }
          draining = true;
          try {
            subscriber.next(value);
            while (head < queue.length) {
              const next = queue[head] as T;
              queue[head++] = undefined;
              subscriber.next(next);
            }
          } finally {
            queue.length = 0;
            head = 0;
            draining = false;
          }
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
