/**
 * Helpers for testing a protocol built on the machine in virtual time: a scheduler without
 * TestScheduler's frame limit, recorders of what the machine did, and a way to let Promise-based
 * providers settle while virtual time advances.
 */
import { map, VirtualAction, VirtualTimeScheduler, type Observable } from 'rxjs';
import type { StateMachine } from '../engine/state-machine';
import type { TransitionRecord } from '../engine/outcome';
import type { MachineState } from '../machine/states';

/** The parts of a machine these helpers use, whatever its domain types. */
export type ObservedMachine = Pick<StateMachine<never, never, never, never>, 'transition$' | 'addListener'>;

/** A virtual-time scheduler with no frame limit, for runs longer than TestScheduler's 750 frames. */
export const virtualScheduler = (): VirtualTimeScheduler => new VirtualTimeScheduler(VirtualAction, Infinity);

/** The states the machine enters, one value per transition: the stream to compare with a marble diagram. */
export const statesEntered = (sm: Pick<ObservedMachine, 'transition$'>): Observable<MachineState> =>
  sm.transition$.pipe(map((t) => t.to));

/** Every transition from now on, collected in an array that grows as the machine runs. */
export function transitionsOf(sm: Pick<ObservedMachine, 'transition$'>): TransitionRecord[] {
  const log: TransitionRecord[] = [];
  sm.transition$.subscribe((t) => log.push(t));
  return log;
}

/** Every transition from now on as a line `at from --event--> to`, easy to compare in a test. */
export function transitionLines(sm: Pick<ObservedMachine, 'transition$'>): string[] {
  const log: string[] = [];
  sm.transition$.subscribe((t) => log.push(`${t.at} ${t.from} --${t.event}--> ${t.to}`));
  return log;
}

/** Run `action` once, `delay` ms after the machine first enters `state`. */
export function onFirstEntry(
  sm: Pick<ObservedMachine, 'addListener'>,
  scheduler: VirtualTimeScheduler,
  state: MachineState,
  action: () => void,
  delay = 0,
): void {
  let done = false;
  const remove = sm.addListener({
    onTransition: (_from, to) => {
      if (done || to !== state) return;
      done = true;
      remove();
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
