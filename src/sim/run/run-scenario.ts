/**
 * Running one scenario: build the cluster from the scenario, record it, schedule its faults, run
 * until a stop condition holds (`stopCondition`) or the duration is spent, close it, and
 * return the run record. In virtual time (`runScenario`, the simulator's way) or in real time
 * (`runScenarioInRealTime`, for watching a network live).
 */
import { createCluster, type Cluster, type RunTarget } from '../cluster/create-cluster';
import type { TimeMode } from '../cluster/clock';
import type { ClusterOptions } from '../cluster/options';
import type { RunRecord } from '../record/types';
import { nodeId, type Scenario } from '../scenario/types';
import { clusterOptionsOf } from './cluster-options';
import { scheduleFaults } from './faults';
import { recordRun } from './record-run';

export interface RunOptions {
  /** Called with the cluster before it starts (to show it live); may return a teardown. */
  readonly watch?: (cluster: Cluster) => (() => void) | void;
  /** Cluster options over the scenario's (a benchmark's `sharedVerifier: false`). */
  readonly cluster?: Pick<ClusterOptions, 'sharedVerifier'>;
}

export function runScenario(s: Scenario, options: RunOptions = {}): RunRecord {
  const run = prepare(s, 'virtual', options);
  const { cluster, stop } = run;
  let stoppedEarly = false;
  try {
    cluster.start();
    if (stop === null) cluster.runFor(s.run.duration);
    else stoppedEarly = cluster.runUntil(stop, s.run.duration);
  } finally {
    run.unschedule();
  }
  return run.finish(stoppedEarly);
}

/** The same run in real time: `run.duration` is wall-clock milliseconds. */
export async function runScenarioInRealTime(s: Scenario, options: RunOptions = {}): Promise<RunRecord> {
  const run = prepare(s, 'real', options);
  let stoppedEarly = false;
  try {
    run.cluster.start();
    stoppedEarly = await run.cluster.waitUntil(run.stop ?? (() => false), s.run.duration);
  } finally {
    run.unschedule();
  }
  return run.finish(stoppedEarly);
}

function prepare(s: Scenario, time: TimeMode, options: RunOptions) {
  const cluster = createCluster({ ...clusterOptionsOf(s), ...options.cluster, time });
  const recorder = recordRun(cluster, s);
  const scheduled = scheduleFaults(cluster, s);
  const unwatch = options.watch?.(cluster);
  return {
    cluster,
    stop: stopCondition(s),
    unschedule: () => scheduled.forEach((action) => action.unsubscribe()),
    finish(stoppedEarly: boolean): RunRecord {
      unwatch?.();
      cluster.close();
      recorder.stop();
      return recorder.record(stoppedEarly);
    },
  };
}

/**
 * When a run may stop before its duration: every live honest node reached `run.rounds`, or, after
 * the scenario's last fault, every live honest node on the main side of any partition still in
 * force finalized `run.afterFaults` ranks past the highest rank finalized at that moment.
 */
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
