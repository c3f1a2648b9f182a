/**
 * When a run may stop before its duration: every live honest node reached `run.rounds`, or, after
 * the scenario's last fault, every live honest node on the main side of any partition still in
 * force finalized `run.afterFaults` ranks past the highest rank finalized at that moment.
 */
import type { Cluster, RunTarget } from '../cluster/create-cluster';
import { nodeId, type Scenario } from '../scenario/types';

export function stopCondition(s: Scenario): RunTarget | null {
  const { rounds, afterFaults } = s.run;
  if (rounds === null && afterFaults === null) return null;
  const settled = lastFaultAt(s);
  const onMainSide = mainSide(s);
  let goal: number | null = null;
  return (cluster: Cluster) => {
    if (rounds !== null && cluster.progress() >= rounds) return true;
    if (afterFaults === null || cluster.now() < settled) return false;
    const honest = cluster.honestNodes();
    goal ??= Math.max(-1, ...honest.map((n) => n.log.highestRank)) + afterFaults;
    const live = honest.filter((n) => n.up && n.machine !== null && onMainSide(n.key));
    return live.length > 0 && live.every((n) => n.log.highestRank >= goal!);
  };
}

/** The time of the scenario's last fault event: a partition opening or healing, a crash or a restart. */
export function lastFaultAt(s: Scenario): number {
  return Math.max(0, ...s.partitions.map((p) => p.heal ?? p.at), ...s.crashes.map((c) => c.restart ?? c.at));
}

/** Whether a node key is on the largest side of a partition that never heals (every node, if none). */
function mainSide(s: Scenario): (key: string) => boolean {
  const unhealed = s.partitions.find((p) => p.heal === null);
  if (unhealed === undefined) return () => true;
  const listed = new Set(unhealed.groups.flat());
  const rest = Array.from({ length: s.nodes }, (_, i) => i).filter((i) => !listed.has(i));
  const groups = [...unhealed.groups, rest];
  const largest = groups.reduce((best, g) => (g.length > best.length ? g : best), [] as readonly number[]);
  const keys = new Set(largest.map(nodeId));
  return (key) => keys.has(key);
}
