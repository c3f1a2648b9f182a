/**
 * `exhaustMapLatest(project)`: like `exhaustMap`, but a value that arrives while an inner
 * Observable is running is not lost: the latest such value is projected once the inner one
 * completes. Used to re-evaluate a state's condition: never two evaluations at once (no second
 * `decideAndSendVote` while one is in flight), never a change left unevaluated. RxJS has no
 * operator for this: `exhaustMap` drops the value, `switchMap` cancels the evaluation in flight,
 * `concatMap` runs every one of a burst.
 */
import { from, Observable, type ObservableInput, type OperatorFunction, type Subscription } from 'rxjs';

export function exhaustMapLatest<T, R>(project: (value: T) => ObservableInput<R>): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      let inner: Subscription | null = null;
      let running = false;
      let pending: { value: T } | null = null;
      let sourceDone = false;

      const run = (value: T): void => {
        running = true;
        let innerSource: Observable<R>;
        try {
          innerSource = from(project(value));
        } catch (err) {
          subscriber.error(err);
          return;
        }
        const subscription = innerSource.subscribe({
          next: (r) => subscriber.next(r),
          error: (err: unknown) => subscriber.error(err),
          complete: () => {
            running = false;
            inner = null;
            if (pending !== null) {
              const next = pending.value;
              pending = null;
              run(next);
            } else if (sourceDone) subscriber.complete();
          },
        });
        // On subscription the inner one may have ended (and started the run of a value that came
        // meanwhile), or the subscriber may have unsubscribed: only a live run is kept to cancel.
        if (subscriber.closed) subscription.unsubscribe();
        else if (!subscription.closed) inner = subscription;
      };

      const outer = source.subscribe({
        next: (value) => {
          if (running) pending = { value };
          else run(value);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          sourceDone = true;
          // A value waits only while a run is in flight: no run, nothing left to project.
          if (!running) subscriber.complete();
        },
      });

      return () => {
        outer.unsubscribe();
        inner?.unsubscribe();
      };
    });
}
