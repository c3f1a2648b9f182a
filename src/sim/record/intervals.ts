/**
 * State bands from a node's transition log: the machine is `stopped` from the start of each life
 * (the run's start, or a restart) until its first transition, and each transition ends one band
 * and starts the next; a crash or the end of the run closes the last band of a life.
 */
import type { MachineState } from '../../machine/states';
import type { StateInterval } from './types';

export interface Life {
  readonly from: number;
  /** When this life ended (crash, or the end of the run). */
  readonly to: number;
}

export interface TimedTransition {
  readonly at: number;
  readonly to: MachineState;
}

/** `transitions` in time order, across all lives; each transition belongs to the life it falls in. */
export function stateIntervals(
  lives: readonly Life[],
  transitions: readonly TimedTransition[],
): StateInterval[] {
  const out: StateInterval[] = [];
  let next = 0;
  for (const life of lives) {
    let state: MachineState = 'stopped';
    let since = life.from;
    while (next < transitions.length && transitions[next]!.at <= life.to) {
      const t = transitions[next++]!;
      if (t.at < life.from) continue;
      if (t.at > since) out.push({ from: since, to: t.at, state });
      state = t.to;
      since = t.at;
    }
    if (life.to > since) out.push({ from: since, to: life.to, state });
  }
  return out;
}

/** The lives of a node from its downtime: up from 0 until the first crash, from each restart until the next crash. */
export function livesFrom(downtime: readonly { from: number; to: number | null }[], end: number): Life[] {
  const lives: Life[] = [];
  let from: number | null = 0;
  for (const d of [...downtime].sort((a, b) => a.from - b.from)) {
    if (from !== null && d.from > from) lives.push({ from, to: d.from });
    from = d.to;
  }
  if (from !== null && end > from) lives.push({ from, to: end });
  return lives;
}
