/**
 * How a row of the transition table is drawn: a move to another state, a self-loop (a real
 * re-entry: exit, entry, fresh timeout) or an internal row (the state is never left).
 */
import { ALL_STATES, type MachineState } from '../machine/states';
import type { Transition } from '../machine/transitions';

export type TransitionKind = 'transition' | 'self-loop' | 'internal';

export const transitionKind = (t: Transition): TransitionKind =>
  t.internal === true ? 'internal' : t.from === t.to ? 'self-loop' : 'transition';

/** The label of a row's edge: its event, its guard in brackets, and a mark when the row is internal. */
export const edgeLabel = (t: Transition): string =>
  `${t.event}${t.guard === undefined ? '' : ` [${t.guard}]`}${t.internal === true ? ' (internal)' : ''}`;

/** The states a table mentions, in the order a round runs (the order of `ALL_STATES`). */
export function statesOf(table: readonly Transition[]): MachineState[] {
  const present = new Set<MachineState>();
  for (const t of table) present.add(t.from).add(t.to);
  return ALL_STATES.filter((s) => present.has(s));
}
