/**
 * A scheduler that runs work on Node's `setImmediate` (a macrotask): used in real time for the
 * end-of-instant condition checks, so a node whose providers answer instantly still lets timers
 * and I/O run between rounds (a microtask chain would starve them).
 */
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

export const immediateScheduler: SchedulerLike = {
  now: () => Date.now(),
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const subscription = new Subscription();
    const action = subscription as unknown as SchedulerAction<T>;
    const run = () => {
      if (!subscription.closed) work.call(action, state);
    };
    if (delay > 0) {
      const handle = setTimeout(run, delay);
      subscription.add(() => clearTimeout(handle));
    } else {
      const handle = setImmediate(run);
      subscription.add(() => clearImmediate(handle));
    }
    return subscription;
  },
};
