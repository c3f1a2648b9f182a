/**
 * Liveness figures over a run record: finalized ranks per simulated second, the longest stretch in
 * which no honest node finalized anything, how long a healed or restarted node takes to catch up,
 * and whether progress was lost although enough honest nodes could talk to each other.
 */
import { downAt, honestNodes, rankAt, type NodeRecord, type RunRecord } from '../record/types';
import { maxFaulty } from '../scenario/types';

export interface LivenessOptions {
  /** A stall longer than this (ms) with liveness promised counts as lost liveness (default 2000). */
  readonly stallLimit?: number;
}

export interface Stall {
  readonly from: number;
  readonly to: number;
  readonly length: number;
  /** The highest rank finalized when the stall began. */
  readonly rank: number;
}

export interface CatchUp {
  readonly node: string;
  readonly cause: 'heal' | 'restart';
  readonly at: number;
  /** The highest rank another honest node had finalized at `at`. */
  readonly target: number;
  readonly behindBy: number;
  readonly caughtUpAt: number | null;
  readonly took: number | null;
}

export interface Liveness {
  readonly seconds: number;
  /** Highest rank any honest node finalized. */
  readonly leadingRank: number;
  /** Highest rank every connected honest node finalized at the end. */
  readonly commonRank: number;
  readonly ranksPerSecond: number;
  readonly longestStall: Stall;
  /** Whether at least n − f honest nodes are up and connected at the end. */
  readonly promised: boolean;
  /** From the later of the last progress and the end of the last fault, to the end of the run. */
  readonly finalStall: number;
  readonly catchUps: readonly CatchUp[];
  /** Connected honest nodes still behind the leader by more than the stall limit at the end. */
  readonly laggards: readonly string[];
  /** Liveness was promised and progress stopped, or a connected node never caught up. */
  readonly lost: boolean;
  /** The states the connected honest nodes were in at the end, with how many were in each: where a stall sits. */
  readonly endStates: Readonly<Record<string, number>>;
  readonly reasons: readonly string[];
}

export function measureLiveness(record: RunRecord, options: LivenessOptions = {}): Liveness {
  const limit = (options.stallLimit ?? 2_000) + backoffAllowance(record);
  const end = record.endedAt;
  const honest = honestNodes(record);
  const progress = progressTimes(honest);
  const leadingRank = progress.length === 0 ? 0 : progress[progress.length - 1]!.rank;
  const connected = connectedHonestAt(record, end);
  const promised = connected.length >= quorumSize(record.scenario.nodes);
  const lastProgress = progress.length === 0 ? 0 : progress[progress.length - 1]!.at;
  const quiet = quietFrom(record);
  const finalStall = quiet === Infinity ? 0 : Math.max(0, end - Math.max(lastProgress, quiet));
  const leaderThen = Math.max(0, ...honest.map((n) => rankAt(n, end - limit)));
  // A node back (restarted, or reconnected by a heal) for less than the limit has not had the
  // time the others are given to show progress.
  const backSince = (n: NodeRecord): number =>
    Math.max(
      0,
      ...n.downtime.map((d) => d.to ?? end),
      ...record.partitions.map((p) => p.to ?? 0).filter((t) => t <= end),
    );
  const laggards = promised
    ? honest
        .filter((n) => connected.includes(n.id) && end - backSince(n) >= limit && rankAt(n, end) < leaderThen)
        .map((n) => n.id)
    : [];
  const reasons: string[] = [];
  if (promised && finalStall > limit && !record.stoppedEarly)
    reasons.push(`no honest node finalized anything in the last ${finalStall} ms`);
  if (laggards.length > 0) reasons.push(`${laggards.join(', ')} never caught up with rank ${leaderThen}`);
  return {
    seconds: end / 1000,
    leadingRank,
    commonRank: Math.min(
      ...connected.map((id) =>
        rankAt(
          honest.find((n) => n.id === id)!,
          end,
        ),
      ),
      leadingRank,
    ),
    ranksPerSecond: end > 0 ? leadingRank / (end / 1000) : 0,
    longestStall: longestStall(progress, end),
    promised,
    finalStall,
    catchUps: catchUps(record, honest),
    laggards,
    lost: reasons.length > 0,
    reasons,
    endStates: endStates(
      honest.filter((n) => connected.includes(n.id)),
      end,
    ),
  };
}

/**
 * How long the protocol may legitimately go without finalizing on top of the stall limit: ranks
 * whose leader is faulty or down end by a timeout, and the round timeout doubles for each such
 * rank in a row. With b validators that may lead badly (Byzantine, twinned or crashed), b ranks
 * in a row can fail: the round timeout × (2^(b+1) − 1).
 */
export function backoffAllowance(record: RunRecord): number {
  const s = record.scenario;
  const bad = s.byzantine.length + new Set(s.crashes.map((c) => c.node)).size;
  return s.protocol.roundTimeout * (2 ** Math.min(bad + 1, 8) - 1);
}

/** The first time each rank above genesis was finalized by some honest node, in rank order. */
function progressTimes(honest: readonly NodeRecord[]): { rank: number; at: number }[] {
  const first = new Map<number, number>();
  for (const node of honest)
    for (const f of node.finalizations) {
      const earlier = first.get(f.rank);
      if (f.rank > 0 && (earlier === undefined || f.at < earlier)) first.set(f.rank, f.at);
    }
  // Only strictly new ranks in time order count as progress.
  const out: { rank: number; at: number }[] = [];
  for (const [rank, at] of [...first].sort((a, b) => a[1] - b[1] || a[0] - b[0]))
    if (out.length === 0 || rank > out[out.length - 1]!.rank) out.push({ rank, at });
  return out;
}

function longestStall(progress: readonly { rank: number; at: number }[], end: number): Stall {
  let best: Stall = { from: 0, to: end, length: end, rank: 0 };
  if (progress.length === 0) return best;
  best = { from: 0, to: progress[0]!.at, length: progress[0]!.at, rank: 0 };
  const points = [...progress, { rank: -1, at: end }];
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1]!.at;
    const length = points[i]!.at - from;
    if (length > best.length) best = { from, to: points[i]!.at, length, rank: points[i - 1]!.rank };
  }
  return best;
}

function catchUps(record: RunRecord, honest: readonly NodeRecord[]): CatchUp[] {
  const events: { node: NodeRecord; cause: 'heal' | 'restart'; at: number }[] = [];
  for (const p of record.partitions)
    if (p.to !== null)
      for (const node of honest) if (!downAt(node, p.to)) events.push({ node, cause: 'heal', at: p.to });
  for (const node of honest)
    for (const d of node.downtime) if (d.to !== null) events.push({ node, cause: 'restart', at: d.to });
  const out: CatchUp[] = [];
  for (const { node, cause, at } of events) {
    const target = Math.max(-1, ...honest.filter((n) => n !== node).map((n) => rankAt(n, at)));
    const own = rankAt(node, at);
    if (own >= target) continue;
    const reached = node.finalizations.find((f) => f.at >= at && f.rank >= target);
    out.push({
      node: node.id,
      cause,
      at,
      target,
      behindBy: target - Math.max(own, 0),
      caughtUpAt: reached?.at ?? null,
      took: reached === undefined ? null : reached.at - at,
    });
  }
  return out.sort((a, b) => a.at - b.at || a.node.localeCompare(b.node));
}

function endStates(nodes: readonly NodeRecord[], end: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const node of nodes) {
    const last = node.states[node.states.length - 1];
    const state = last === undefined || last.to < end ? 'down' : last.state;
    out[state] = (out[state] ?? 0) + 1;
  }
  return out;
}

/*
 * Which honest nodes can still make progress together: up, and on the same side of the partition
 * in force. Liveness is only promised while at least n − f honest nodes can (the reference
 * protocol needs n − f liveness checks, proposals and a vote quorum).
 */

/** The largest set of honest nodes up and connected at time `t`. */
export function connectedHonestAt(record: RunRecord, t: number): string[] {
  const up = honestNodes(record)
    .filter((n) => !downAt(n, t))
    .map((n) => n.id);
  const partition = record.partitions.find((p) => p.from <= t && (p.to === null || t < p.to));
  if (partition === undefined) return up;
  const listed = new Set(partition.groups.flat());
  const groups = [
    ...partition.groups.map((g) => up.filter((id) => g.includes(id))),
    up.filter((id) => !listed.has(id)),
  ];
  return groups.reduce((best, g) => (g.length > best.length ? g : best), [] as string[]);
}

/** Votes needed for progress: n − f. */
export const quorumSize = (n: number): number => n - maxFaulty(n);

/** When the last partition healed and the last crashed node restarted (0 if none); Infinity if a fault never ends. */
export function quietFrom(record: RunRecord): number {
  const ends = [
    ...record.partitions.map((p) => p.to ?? Infinity),
    ...record.nodes.flatMap((n) => n.downtime.map((d) => d.to ?? Infinity)),
  ];
  return Math.max(0, ...ends);
}
