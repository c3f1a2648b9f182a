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

/** Let Promise callbacks run (they are not virtualized), flushing virtual time in between. */
export async function settleAll(scheduler: VirtualTimeScheduler, rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    scheduler.flush();
    for (let j = 0; j < 5; j++) await Promise.resolve();
  }
  scheduler.flush();
}

export const HUGE = 1e9;
