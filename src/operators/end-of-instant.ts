/**
 * `endOfInstant`: the scheduler on which a machine re-checks its conditions once the inputs of
 * the current instant are folded.
 *
 * - In real time it runs work on `setImmediate` (a macrotask): a node whose providers answer
 *   instantly still lets timers and I/O run between rounds, where a microtask chain would starve
 *   them, and a 0 ms timer would cost a millisecond each.
 * - Inside `TestScheduler.run` it runs on RxJS's immediate provider, which run mode virtualizes
 *   (as it does for `asapScheduler`): a machine built there with no `scheduler` option settles
 *   in the test's virtual time, like RxJS's own operators.
 *
 * Delays above 0 go to `asyncScheduler`, whose timers run mode virtualizes as well.
 *
 * `npm run bench:operators`: about 600,000 end-of-instant hops/s in real time, against about 825/s
 * for `asyncScheduler` with a 0 ms delay (a `setInterval` that Node clamps to 1 ms).
 */
import { asapScheduler, asyncScheduler, Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { immediateProvider } from 'rxjs/internal/scheduler/immediateProvider';

type Immediate = (run: () => void) => () => void;

/** A macrotask: Node's `setImmediate`, else (a browser) a 0 ms timeout. */
const macrotask: Immediate =
  typeof globalThis.setImmediate === 'function'
    ? (run) => {
        const handle = globalThis.setImmediate(run);
        return () => globalThis.clearImmediate(handle);
      }
    : (run) => {
        const handle = globalThis.setTimeout(run, 0);
        return () => globalThis.clearTimeout(handle);
      };

/** Whether `TestScheduler.run` has virtualized RxJS's immediate provider right now. */
const inRunMode = (): boolean => immediateProvider.delegate !== undefined;

export const endOfInstant: SchedulerLike = {
  now: () => asyncScheduler.now(),
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    if (delay > 0 || inRunMode())
      return (delay > 0 ? asyncScheduler : asapScheduler).schedule(work, delay, state);
    const subscription = new Subscription();
    const action = subscription as unknown as SchedulerAction<T>;
    // Unsubscribing clears the macrotask: work runs only for a subscription still open.
    subscription.add(macrotask(() => work.call(action, state)));
    return subscription;
  },
};

/**
 * The scheduler a machine settles on: its own when it was given a virtual or custom one (the
 * same virtual instant, after what is already queued there), `endOfInstant` otherwise.
 */
export const settleSchedulerFor = (scheduler: SchedulerLike | undefined): SchedulerLike =>
  scheduler === undefined || scheduler === asyncScheduler ? endOfInstant : scheduler;
