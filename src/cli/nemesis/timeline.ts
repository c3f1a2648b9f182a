/** Time spans read from a nemesis history: when each fault stood, when none did, where the head was. */
import type { FaultKind, HistoryEvent } from './history';

export interface Interval {
  readonly from: number;
  readonly to: number;
}

export interface FaultSpan extends Interval {
  readonly id: number;
  readonly kind: FaultKind;
  readonly nodes: readonly string[];
  readonly detail: string;
}

/** Each fault from its start to its heal (to `end` when it was never healed). */
export function faultIntervals(history: readonly HistoryEvent[], end: number): FaultSpan[] {
  const healed = new Map<number, number>();
  for (const e of history) if (e.type === 'heal') healed.set(e.id, e.t);
  return history.flatMap((e) =>
    e.type === 'fault'
      ? [{ id: e.id, kind: e.kind, nodes: e.nodes, detail: e.detail, from: e.t, to: healed.get(e.id) ?? end }]
      : [],
  );
}

/** The spans of [from, to) during which no fault stood. */
export function healthyWindows(faults: readonly Interval[], from: number, to: number): Interval[] {
  const windows: Interval[] = [];
  let cursor = from;
  for (const f of [...faults].sort((a, b) => a.from - b.from)) {
    if (f.from > cursor) windows.push({ from: cursor, to: Math.min(f.from, to) });
    cursor = Math.max(cursor, f.to);
    if (cursor >= to) break;
  }
  if (cursor < to) windows.push({ from: cursor, to });
  return windows.filter((w) => w.to > w.from);
}

export interface RankSample {
  readonly t: number;
  readonly node: string;
  readonly finalizedRank: number;
}

/** The finalized ranks observed, in time order. */
export function ranksOf(history: readonly HistoryEvent[]): RankSample[] {
  return history
    .filter(
      (e): e is Extract<HistoryEvent, { type: 'rank' }> =>
        e.type === 'rank' && typeof e.finalizedRank === 'number',
    )
    .map(({ t, node, finalizedRank }) => ({ t, node, finalizedRank }))
    .sort((a, b) => a.t - b.t);
}

/** The highest rank any validator had been seen to finalize by `t` (-1 before any). */
export function headAt(ranks: readonly RankSample[], t: number): number {
  let head = -1;
  for (const r of ranks) {
    if (r.t > t) break;
    head = Math.max(head, r.finalizedRank);
  }
  return head;
}
