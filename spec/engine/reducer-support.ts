/**
 * Builders for driving the pure reducer by hand: a snapshot in any state, and inbound records as
 * the receive side would hand them over (already read and validated).
 */
import type { Inbound, InboundKind } from '../../src/engine/inputs';
import { createReducer, type Reducer } from '../../src/engine/reducer';
import { initialSnapshot, type MachineSnapshot } from '../../src/engine/snapshot';
import type { MachineState } from '../../src/machine/states';
import { TRANSITION_INDEX } from '../../src/machine/transitions';

export interface Frame {
  readonly rank: number;
  readonly id: string;
}
export type Snap = MachineSnapshot<Frame, string, string, string>;
export type In = Inbound<Frame, string, string, string>;

/** The rank window and per-rank limit the reducer under test is built with. */
export const WINDOW = 4;
export const LIMIT = 3;

export const reducer = (): Reducer<Frame, string, string, string> =>
  createReducer<Frame, string, string, string>({
    transitions: TRANSITION_INDEX,
    rankWindow: WINDOW,
    maxItemsPerRank: LIMIT,
  });

/** A snapshot in `state` with active rank 5 (so the round in progress is rank 6), entered at time 100. */
export function snapshotIn(state: MachineState, fields: Partial<Snap> = {}): Snap {
  return {
    ...initialSnapshot<Frame, string, string, string>({ rank: 5, id: 'f5' }, 5, 100),
    state,
    transitionCount: 7,
    ...fields,
  };
}

/** An inbound record of `kind` from `key` at `rank`; `itemId` tells a duplicate from a conflict. */
export function inbound(kind: InboundKind, rank: number, key: string, itemId = `${kind}-${key}-${rank}`): In {
  const base = { type: 'inbound' as const, rank, key, itemId, peer: key, own: false };
  switch (kind) {
    case 'proposal':
      return { ...base, kind, item: { rank, id: itemId } };
    case 'confirmation':
      return { ...base, kind, item: { rank, id: itemId } };
    case 'vote':
      return { ...base, kind, item: itemId, proposer: `leader-of-${itemId}` };
    case 'liveness':
      return { ...base, kind, item: itemId };
  }
}

/** The collection of `kind` at `rank` in `s`, as a plain map (empty when the round is not open). */
export function stored(s: Snap, kind: InboundKind, rank: number): Map<string, unknown> {
  const round = s.rounds.at(rank);
  if (round === undefined) return new Map();
  const field = { proposal: 'proposals', vote: 'votes', liveness: 'liveness', confirmation: 'confirmations' }[
    kind
  ] as 'proposals' | 'votes' | 'liveness' | 'confirmations';
  return new Map<string, unknown>(round[field].toMap());
}
