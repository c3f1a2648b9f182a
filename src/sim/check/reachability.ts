/**
 * Which honest nodes can still make progress together: up, and on the same side of the partition
 * in force. Liveness is only promised while at least n − f honest nodes can (the reference
 * protocol needs n − f liveness checks, proposals and a vote quorum).
 */
import { downAt, honestNodes, type RunRecord } from '../record/types';
import { maxFaulty } from '../scenario/types';

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
