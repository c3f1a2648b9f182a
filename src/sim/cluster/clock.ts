/**
 * The cluster's time source. Virtual (default): a VirtualTimeScheduler that only moves when the
 * cluster is run, every action due up to a time executed in order, so a run is deterministic and
 * takes no wall-clock time. Real: RxJS's asyncScheduler, with `waitUntil` polling the condition.
 * Either way time counts from 0 when the clock is created, so a run's record reads the same.
 */
import { asyncScheduler, VirtualAction, VirtualTimeScheduler, type SchedulerLike } from 'rxjs';

export type TimeMode = 'virtual' | 'real';

export interface ClusterClock {
  readonly mode: TimeMode;
  readonly scheduler: SchedulerLike;
  /** The virtual scheduler, or null in real time. */
  readonly virtual: VirtualTimeScheduler | null;
  now(): number;
  /** Virtual time only: run everything due within the next `ms`, then stand at that time. */
  advance(ms: number): void;
  /** Virtual time only: advance in `step` ms slices until `done()`; false if `maxTime` ran out first. */
  advanceUntil(done: () => boolean, maxTime: number, step?: number): boolean;
  /** Either mode: resolves true once `done()`, false after `maxTime` ms without it. */
  waitUntil(done: () => boolean, maxTime: number, poll?: number): Promise<boolean>;
}

const DEFAULT_STEP = 5;
const DEFAULT_POLL = 20;
/** Far more work than any real instant holds (a 128-node broadcast is a few thousand actions). */
const MAX_ACTIONS_PER_INSTANT = 50_000;

/**
 * Virtual time stood still: the run keeps scheduling work at one instant, so no deadline is ever
 * reached (typically rounds that take no time at all: one node, or zero latency with providers
 * that answer at once).
 */
export class VirtualTimeStalled extends Error {
  override readonly name = 'VirtualTimeStalled';
  constructor(readonly at: number) {
    super(
      `virtual time is not advancing: more than ${MAX_ACTIONS_PER_INSTANT} actions at ${at} ms. ` +
        'Rounds are taking no virtual time (zero link latency, or a single node with instant ' +
        'providers): give the links a latency of at least 1 ms.',
    );
  }
}

/** A VirtualTimeScheduler whose flush refuses to spin forever at one instant. */
class GuardedVirtualScheduler extends VirtualTimeScheduler {
  override flush(): void {
    const { actions, maxFrames } = this;
    let sameInstant = 0;
    let error: unknown;
    let action: (typeof actions)[number] | undefined;
    while ((action = actions[0]) && action.delay <= maxFrames) {
      actions.shift();
      sameInstant = action.delay === this.frame ? sameInstant + 1 : 0;
      this.frame = action.delay;
      if (sameInstant > MAX_ACTIONS_PER_INSTANT) {
        error = new VirtualTimeStalled(this.frame);
        break;
      }
      if ((error = action.execute(action.state, action.delay))) break;
    }
    if (error !== undefined) {
      while ((action = actions.shift())) action.unsubscribe();
      throw error;
    }
  }
}

export function createClock(mode: TimeMode): ClusterClock {
  return mode === 'virtual' ? virtualClock() : realClock();
}

function virtualClock(): ClusterClock {
  const scheduler = new GuardedVirtualScheduler(VirtualAction, Infinity);
  const advance = (ms: number): void => {
    if (!(ms >= 0)) throw new RangeError(`advance: need ms >= 0, got ${ms}`);
    const until = scheduler.frame + ms;
    scheduler.maxFrames = until;
    try {
      scheduler.flush();
    } finally {
      scheduler.maxFrames = Infinity;
    }
    scheduler.frame = Math.max(scheduler.frame, until);
  };
  const advanceUntil = (done: () => boolean, maxTime: number, step = DEFAULT_STEP): boolean => {
    const end = scheduler.frame + maxTime;
    while (!done()) {
      if (scheduler.frame >= end) return false;
      advance(Math.min(step, end - scheduler.frame));
    }
    return true;
  };
  return {
    mode: 'virtual',
    scheduler,
    virtual: scheduler,
    now: () => scheduler.now(),
    advance,
    advanceUntil,
    waitUntil: (done, maxTime) => Promise.resolve(advanceUntil(done, maxTime)),
  };
}

function realClock(): ClusterClock {
  const notVirtual = (): never => {
    throw new Error('this cluster runs in real time: use waitUntil, not advance');
  };
  const started = asyncScheduler.now();
  const scheduler: SchedulerLike = {
    now: () => asyncScheduler.now() - started,
    schedule: asyncScheduler.schedule.bind(asyncScheduler),
  };
  return {
    mode: 'real',
    scheduler,
    virtual: null,
    now: scheduler.now,
    advance: notVirtual,
    advanceUntil: notVirtual,
    waitUntil: (done, maxTime, poll = DEFAULT_POLL) =>
      new Promise((resolve) => {
        if (done()) return resolve(true);
        const from = scheduler.now();
        const timer = setInterval(() => {
          const finished = done();
          if (finished || scheduler.now() - from >= maxTime) {
            clearInterval(timer);
            resolve(finished);
          }
        }, poll);
      }),
  };
}
