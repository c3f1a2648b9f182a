/**
 * The nemesis checker: a pure function of the history, every validator's store and what every
 * validator received signed by its peers. No validator's own verdict is read: agreement is
 * compared across stores, double signing and signing without a record are judged from the
 * signatures peers received, liveness and recovery from the ranks the runner observed over time.
 */
import { doubleSigners, firstConflict, type ReceivedEntry } from '../verdict';
import type { HistoryEvent } from './history';
import { faultIntervals, headAt, healthyWindows, ranksOf } from './timeline';

/** What the checker needs of one store: its finalized chain and the keys of its signature journal. */
export interface StoreEvidence {
  readonly finalized: readonly {
    readonly rank: number;
    readonly frame: string;
    readonly mutations: readonly string[];
  }[];
  /** `rank:kind` of every message the validator journaled before sending it. */
  readonly journal: ReadonlySet<string>;
  /** Ranks at which the journal holds two different messages of one kind. */
  readonly doubleSignedRanks: readonly number[];
}

export interface Evidence {
  readonly history: readonly HistoryEvent[];
  /** Each validator's store, or why it could not be read. */
  readonly stores: Readonly<Record<string, StoreEvidence | { readonly unreadable: string }>>;
  /** What each validator received signed by its peers. */
  readonly received: Readonly<Record<string, readonly ReceivedEntry[]>>;
}

export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface NemesisVerdict {
  readonly agree: boolean;
  /** Validators that signed two different messages of one kind at one rank (as peers received them). */
  readonly doubleSigned: number;
  /** Signed messages peers received that their signer's journal does not hold (signed unrecorded). */
  readonly unrecorded: number;
  readonly stalled: boolean;
  readonly faults: number;
  /** From each heal that left no fault standing until every validator finalized past the head of that moment. */
  readonly recoveryMs: Percentiles & { readonly samples: number; readonly unrecovered: number };
  /** Each measured recovery: the fault whose heal it followed (undefined ms: not before the next fault). */
  readonly recoveries: readonly {
    readonly fault: number;
    readonly kind: string;
    readonly ms: number | undefined;
  }[];
  readonly mutations: {
    readonly submitted: number;
    readonly accepted: number;
    readonly finalized: number;
    readonly lost: number;
    readonly duplicated: number;
  };
  /** Each violation found, in words (empty when the run kept every property). */
  readonly violations: readonly string[];
  /** The ranks each submitted mutation was finalized at (empty: never). */
  readonly outcomes: ReadonlyMap<string, readonly number[]>;
}

export const journalKey = (rank: number, kind: string): string => `${rank}:${kind}`;

export function checkNemesis(evidence: Evidence): NemesisVerdict {
  const violations: string[] = [];
  const readable = Object.entries(evidence.stores).filter(
    (e): e is [string, StoreEvidence] => !('unreadable' in e[1]),
  );
  for (const [id, store] of Object.entries(evidence.stores))
    if ('unreadable' in store) violations.push(`${id}: store unreadable: ${store.unreadable}`);

  const conflict = firstConflict(
    readable.map(([id, s]) => {
      const finalized = new Map(s.finalized.map((f) => [f.rank, f.frame]));
      return [id, { finalized, finalizedRank: Math.max(-1, ...finalized.keys()) }] as const;
    }),
  );
  if (conflict !== undefined) violations.push(`fork: ${conflict}`);

  const received = Object.values(evidence.received).flat();
  const doubled = new Set([
    ...doubleSigners(received),
    ...readable.filter(([, s]) => s.doubleSignedRanks.length > 0).map(([id]) => id),
  ]);
  for (const id of doubled) violations.push(`${id} signed two different messages of one kind at one rank`);

  const unrecorded = unrecordedSignatures(received, new Map(readable));
  for (const u of unrecorded.slice(0, 5)) violations.push(`signed unrecorded: ${u}`);

  const mutations = mutationsOf(evidence.history, readable, violations);
  const { stalled, recovery } = liveness(evidence.history, violations);

  return {
    agree: conflict === undefined && readable.length === Object.keys(evidence.stores).length,
    doubleSigned: doubled.size,
    unrecorded: unrecorded.length,
    stalled,
    faults: evidence.history.filter((e) => e.type === 'fault').length,
    recoveryMs: recovery.percentiles,
    recoveries: recovery.each,
    mutations: mutations.counts,
    violations,
    outcomes: mutations.outcomes,
  };
}

/** `signer kind@rank` of each item a peer received whose signer's journal has no such record. */
function unrecordedSignatures(
  received: readonly ReceivedEntry[],
  stores: ReadonlyMap<string, StoreEvidence>,
): string[] {
  const missing = new Set<string>();
  for (const e of received) {
    const journal = stores.get(e.signer)?.journal;
    if (journal !== undefined && !journal.has(journalKey(e.rank, e.kind)))
      missing.add(`${e.signer} ${e.kind}@${e.rank}`);
  }
  return [...missing];
}

function mutationsOf(
  history: readonly HistoryEvent[],
  stores: readonly (readonly [string, StoreEvidence])[],
  violations: string[],
) {
  // The finalized chain as all stores together hold it (they agree, or a fork was reported).
  const chain = new Map<number, readonly string[]>();
  for (const [, s] of stores) for (const f of s.finalized) chain.set(f.rank, f.mutations);
  const at = new Map<string, number[]>();
  for (const [rank, mutations] of [...chain].sort((a, b) => a[0] - b[0]))
    for (const m of mutations) at.set(m, [...(at.get(m) ?? []), rank]);

  const submitted = new Map<string, boolean>();
  for (const e of history)
    if (e.type === 'submit')
      submitted.set(e.mutation, (submitted.get(e.mutation) ?? false) || e.status === 202);
  const outcomes = new Map([...submitted.keys()].map((m) => [m, at.get(m) ?? []]));
  const lost = [...submitted].filter(([m, accepted]) => accepted && (at.get(m) ?? []).length === 0);
  const duplicated = [...at].filter(([, ranks]) => ranks.length > 1);
  for (const [m] of lost.slice(0, 5)) violations.push(`lost: ${m} was accepted and never finalized`);
  for (const [m, ranks] of duplicated.slice(0, 5))
    violations.push(`duplicated: ${m} finalized at ranks ${ranks.join(', ')}`);
  return {
    outcomes,
    counts: {
      submitted: submitted.size,
      accepted: [...submitted.values()].filter(Boolean).length,
      finalized: [...outcomes.values()].filter((r) => r.length > 0).length,
      lost: lost.length,
      duplicated: duplicated.length,
    },
  };
}

/**
 * A stall: the head (the highest rank any validator finalized) stands still longer than the bound
 * while no fault is active. A recovery: from a heal that leaves no fault standing until every
 * validator finalized past the head of that moment; one that does not come before the next fault
 * is unrecovered, and a stall when that quiet spell was longer than the bound; one that does not
 * come by the end of the run (after the drain) is a stall.
 */
function liveness(history: readonly HistoryEvent[], violations: string[]) {
  const start = history.find((e) => e.type === 'start');
  const end = [...history].reverse().find((e) => e.type === 'end')?.t ?? history.at(-1)?.t ?? 0;
  const nodes = start?.type === 'start' ? start.nodes : [];
  const bound = start?.type === 'start' ? start.stallBoundMs : Infinity;
  const faults = faultIntervals(history, end);
  const ranks = ranksOf(history);
  const firstUp = ranks.find((r) => r.finalizedRank >= 0)?.t;
  let stalled = false;
  if (firstUp === undefined) {
    stalled = true;
    violations.push('stall: no validator finalized anything');
  }

  for (const w of healthyWindows(faults, firstUp ?? end, end)) {
    let last = w.from;
    let head = headAt(ranks, w.from);
    for (const r of ranks) {
      if (r.t <= w.from || r.t >= w.to || r.finalizedRank <= head) continue;
      if (r.t - last > bound) {
        stalled = true;
        violations.push(`stall: no rank finalized from ${last} ms to ${r.t} ms with no fault active`);
      }
      [last, head] = [r.t, r.finalizedRank];
    }
    if (w.to - last > bound) {
      stalled = true;
      violations.push(`stall: no rank finalized from ${last} ms to ${w.to} ms with no fault active`);
    }
  }

  const samples: number[] = [];
  const each: { fault: number; kind: string; ms: number | undefined }[] = [];
  let unrecovered = 0;
  for (const f of faults) {
    if (f.to >= end || faults.some((g) => g !== f && g.from <= f.to && g.to > f.to)) continue;
    const until = Math.min(end, ...faults.filter((g) => g.from > f.to).map((g) => g.from));
    const took = recoveryTime(ranks, nodes, f.to, until);
    each.push({ fault: f.id, kind: f.kind, ms: took });
    if (took !== undefined) samples.push(took);
    else {
      unrecovered += 1;
      samples.push(until - f.to);
      if (until === end) {
        stalled = true;
        violations.push(
          `stall: not every validator caught up by the end, ${end - f.to} ms after the heal at ${f.to} ms`,
        );
      } else if (until - f.to > bound) {
        stalled = true;
        violations.push(
          `stall: not every validator caught up in ${until - f.to} ms after the heal at ${f.to} ms`,
        );
      }
    }
  }
  return {
    stalled,
    recovery: { percentiles: { ...percentiles(samples), samples: samples.length, unrecovered }, each },
  };
}

/** Ms from `from` until every node reported a finalized rank past the head at `from`; undefined if not before `until`. */
function recoveryTime(
  ranks: ReturnType<typeof ranksOf>,
  nodes: readonly string[],
  from: number,
  until: number,
): number | undefined {
  const head = headAt(ranks, from);
  const latest = new Map<string, number>();
  for (const r of ranks) {
    if (r.t > until) break;
    latest.set(r.node, r.finalizedRank);
    if (r.t >= from && nodes.every((n) => (latest.get(n) ?? -1) > head)) return r.t - from;
  }
  return undefined;
}

export function percentiles(samples: readonly number[]): Percentiles {
  if (samples.length === 0) return { p50: 0, p99: 0, max: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return { p50: rank(0.5), p99: rank(0.99), max: sorted.at(-1)! };
}
