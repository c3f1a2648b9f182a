/** Helpers to drive a machine in virtual time and read what it did. */
import type { VirtualTimeScheduler } from 'rxjs';
import type { MachineState, StateMachine, TransitionRecord } from '../../src';

/** The parts of a machine these helpers use (independent of the domain types). */
type Observed = Pick<StateMachine<never, never, never, never>, 'transition$' | 'addListener'>;

export function transitionsOf(sm: Observed): TransitionRecord[] {
  const log: TransitionRecord[] = [];
  sm.transition$.subscribe((t) => log.push(t));
  return log;
}

/** Run `action` once, `delay` ms after the machine first enters `state`. */
export function onFirstEntry(
  sm: Observed,
  scheduler: VirtualTimeScheduler,
  state: MachineState,
  action: () => void,
  delay = 0,
): void {
  let done = false;
  sm.addListener({
    onTransition: (_from, to) => {
      if (done || to !== state) return;
      done = true;
      scheduler.schedule(action, delay);
    },
  });
}

/**
 * Advance virtual time to `until` in steps of `step` ms, letting Promise callbacks (which are not
 * virtualized) run between steps, so a provider's Promise settles "at" the step it was due.
 */
export async function advance(scheduler: VirtualTimeScheduler, until: number, step = 1): Promise<void> {
  for (let t = scheduler.now(); t <= until; t += step) {
    scheduler.maxFrames = t;
    scheduler.flush();
    for (let j = 0; j < 4; j++) await Promise.resolve();
  }
  scheduler.maxFrames = Number.POSITIVE_INFINITY;
}

export const HUGE = 1e9;
