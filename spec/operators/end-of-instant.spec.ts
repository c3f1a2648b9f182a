/**
 * `endOfInstant` against the schedulers it stands for: inside `TestScheduler.run` it orders work
 * as `asapScheduler` does (delay 0) and as `asyncScheduler` does (a delay), in virtual time; in
 * real time (here Jest's fake timers) a 0 delay runs in a macrotask (`setImmediate`, a 0 ms
 * timeout where there is none), after the microtasks, and a delay on `asyncScheduler`.
 * `settleSchedulerFor` picks it only for a machine given no scheduler or `asyncScheduler`.
 */
import { asapScheduler, asyncScheduler, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { endOfInstant, settleSchedulerFor } from '../../src/operators/end-of-instant';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** What `endOfInstant` stands for: `asapScheduler` for no delay, `asyncScheduler` for a delay. */
const reference: SchedulerLike = {
  now: () => asyncScheduler.now(),
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T) {
    return (delay > 0 ? asyncScheduler : asapScheduler).schedule(work, delay, state);
  },
};

/**
 * The order and virtual time at which work runs when `scheduler` is used beside `asyncScheduler`
 * and `asapScheduler` (some of it scheduled from work already running), and what `now()` says.
 */
function timeline(scheduler: SchedulerLike): unknown[] {
  const log: unknown[] = [];
  testScheduler().run(({ flush }) => {
    const at = (name: string) => () => log.push([name, asyncScheduler.now(), scheduler.now()]);
    asyncScheduler.schedule(at('async 0'), 0);
    scheduler.schedule(at('tested 0'), 0);
    asapScheduler.schedule(at('asap 0'), 0);
    scheduler.schedule(at('tested 3'), 3);
    asyncScheduler.schedule(at('async 2'), 2);
    asyncScheduler.schedule(() => {
      at('async 3')();
      scheduler.schedule(at('tested 0 from async 3'), 0);
      asyncScheduler.schedule(at('async 0 from async 3'), 0);
      scheduler.schedule(at('tested 1 from async 3'), 1);
    }, 3);
    const cancelled = scheduler.schedule(at('cancelled 0'), 0);
    cancelled.unsubscribe();
    scheduler.schedule((n?: number) => log.push(['state', n]), 0, 7);
    flush();
  });
  return log;
}

describe('endOfInstant in TestScheduler.run', () => {
  it('runs work as asapScheduler does with no delay, and as asyncScheduler does with one', () => {
    const want = timeline(reference);
    expect(timeline(endOfInstant)).toEqual(want);
    // The comparison tells the two schedulers apart: with asyncScheduler alone the order differs.
    expect(timeline(asyncScheduler)).not.toEqual(want);
    expect(want).toContainEqual(['tested 3', 3, 3]);
  });

  it('tells the virtual time', () => {
    testScheduler().run(({ flush }) => {
      const seen: number[] = [];
      asyncScheduler.schedule(() => seen.push(endOfInstant.now()), 12);
      flush();
      expect(seen).toEqual([12]);
    });
  });
});

describe('endOfInstant in real time', () => {
  /** Let every queued microtask run (a resolved Promise's, `asapScheduler`'s). */
  const microtasks = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  /** Run `test` with Jest's fake timers (setImmediate and setTimeout included), restored after. */
  const withFakeTimers = async (test: () => Promise<void> | void) => {
    jest.useFakeTimers();
    try {
      await test();
    } finally {
      // The spies wrap fake timers: restored first, then the real timers.
      jest.restoreAllMocks();
      jest.useRealTimers();
    }
  };

  it('runs work with no delay in a macrotask on setImmediate: after the microtasks, not at once', () =>
    withFakeTimers(async () => {
      const setImmediate = jest.spyOn(globalThis, 'setImmediate');
      const ran: number[] = [];
      endOfInstant.schedule((n?: number) => ran.push(n!), 0, 1);
      endOfInstant.schedule((n?: number) => ran.push(n!), undefined, 2);
      expect(ran).toEqual([]);
      await microtasks();
      expect(ran).toEqual([]);
      expect(setImmediate).toHaveBeenCalledTimes(2);
      jest.runOnlyPendingTimers();
      expect(ran).toEqual([1, 2]);
    }));

  it('does not run work unsubscribed before its macrotask', () =>
    withFakeTimers(() => {
      const ran: string[] = [];
      const kept = endOfInstant.schedule(() => ran.push('kept'));
      const dropped = endOfInstant.schedule(() => ran.push('dropped'));
      dropped.unsubscribe();
      jest.runOnlyPendingTimers();
      expect(ran).toEqual(['kept']);
      expect([kept.closed, dropped.closed]).toEqual([false, true]);
    }));

  it('runs work with a delay on asyncScheduler, once the delay has passed', () =>
    withFakeTimers(async () => {
      const ran: number[] = [];
      endOfInstant.schedule(() => ran.push(Date.now()), 5);
      const start = Date.now();
      jest.advanceTimersByTime(4);
      await microtasks();
      expect(ran).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(ran).toEqual([start + 5]);
      expect(endOfInstant.now()).toBe(start + 5);
    }));

  it('uses a 0 ms timeout where there is no setImmediate (a browser)', () =>
    withFakeTimers(async () => {
      const setImmediate = globalThis.setImmediate;
      (globalThis as { setImmediate?: unknown }).setImmediate = undefined;
      try {
        // A fresh copy of the module, loaded where there is no setImmediate.
        let browser: typeof import('../../src/operators/end-of-instant') | undefined;
        await jest.isolateModulesAsync(async () => {
          browser = await import('../../src/operators/end-of-instant');
        });
        const setTimeout = jest.spyOn(globalThis, 'setTimeout');
        const ran: string[] = [];
        browser!.endOfInstant.schedule(() => ran.push('kept'));
        browser!.endOfInstant.schedule(() => ran.push('dropped')).unsubscribe();
        expect(setTimeout).toHaveBeenCalledWith(expect.any(Function), 0);
        expect(ran).toEqual([]);
        jest.runOnlyPendingTimers();
        expect(ran).toEqual(['kept']);
      } finally {
        globalThis.setImmediate = setImmediate;
      }
    }));
});

describe('settleSchedulerFor', () => {
  it('is endOfInstant for a machine given no scheduler or asyncScheduler, else the scheduler given', () => {
    const ts = testScheduler();
    expect(settleSchedulerFor(undefined)).toBe(endOfInstant);
    expect(settleSchedulerFor(asyncScheduler)).toBe(endOfInstant);
    expect(settleSchedulerFor(ts)).toBe(ts);
    expect(settleSchedulerFor(asapScheduler)).toBe(asapScheduler);
  });
});
