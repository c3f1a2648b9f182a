/**
 * What the current state will do next: its timeout (with per-state overrides applied) and the rows
 * of the transition table that can leave or re-evaluate it.
 */
import type { MachineState } from '../machine/states';
import { timeoutFor, type StateTimeout } from '../machine/timeouts';
import { TRANSITIONS, type Transition } from '../machine/transitions';
import type { MachineSnapshot } from '../engine/snapshot';

export interface CurrentStateInfo {
  readonly state: MachineState;
  readonly enteredAt: number;
  /** The state's timer; null for a state without one (`stopped`). */
  readonly timeout: StateTimeout | null;
  /** Whether `timeout.ms` comes from an override rather than `DEFAULT_TIMEOUTS`. */
  readonly timeoutOverridden: boolean;
  /** Scheduler time at which the timer fires if the state is not left first (internal rows keep it running). */
  readonly deadline: number | null;
  /** Rows out of the state, in table order. */
  readonly transitions: readonly Transition[];
}

export function currentStateInfo(
  snapshot: Pick<MachineSnapshot<unknown, unknown, unknown, unknown>, 'state' | 'enteredAt'>,
  timeouts?: Partial<Record<MachineState, number>>,
  table: readonly Transition[] = TRANSITIONS,
): CurrentStateInfo {
  const timeout = timeoutFor(snapshot.state, timeouts) ?? null;
  return {
    state: snapshot.state,
    enteredAt: snapshot.enteredAt,
    timeout,
    timeoutOverridden: timeout !== null && timeouts?.[snapshot.state] !== undefined,
    deadline: timeout === null ? null : snapshot.enteredAt + timeout.ms,
    transitions: table.filter((t) => t.from === snapshot.state),
  };
}
