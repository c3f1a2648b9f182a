/**
 * `raceTimer(source, due, scheduler, onTimeout)`: `source` raced against a timer, with the
 * contract of `race(source, timer(due, scheduler).pipe(map(onTimeout)))`:
 *
 * - the source is subscribed first; its first value wins, cancels the timer, and from then on
 *   its values, error and completion pass through;
 * - an error or completion of the source before any value ends the race the same way, the timer
 *   cancelled;
 * - if the timer fires first, the source is unsubscribed, then `onTimeout()` is emitted and the
 *   race completes (an `onTimeout` that throws errors it, as `map` would).
 *
 * One subscription and one scheduled action instead of `race`'s two inner subscribers plus
 * `timer` and `map`: every state entry of a machine is such a race.
 * `npm run bench:operators` measures both.
 */
import { Observable, type SchedulerLike, type Subscription } from 'rxjs';

export function raceTimer<T>(
  source: Observable<T>,
  due: number,
  scheduler: SchedulerLike,
  onTimeout: () => T,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    let timer: Subscription | null = null;
    let won = false;
    const inner = source.subscribe({
      next: (value) => {
        won = true;
        timer?.unsubscribe();
        timer = null;
        subscriber.next(value);
      },
      error: (err: unknown) => subscriber.error(err),
      complete: () => subscriber.complete(),
    });
    if (!won && !subscriber.closed) {
      timer = scheduler.schedule(
        () => {
          timer = null;
          inner.unsubscribe();
          let value: T;
          try {
            value = onTimeout();
          } catch (err) {
            subscriber.error(err);
            return;
          }
          subscriber.next(value);
          subscriber.complete();
        },
        Math.max(0, due),
      );
    }
    return () => {
      inner.unsubscribe();
      timer?.unsubscribe();
    };
  });
}
