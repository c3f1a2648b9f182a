/**
 * Running one scenario on a virtual-time cluster: build the cluster from the scenario, record its
 * events, schedule its faults, run until a stop condition holds (see `stop-condition.ts`) or the
 * duration is spent, close it, and return the run record.
 */
import { createCluster } from '../cluster/create-cluster';
import type { RunRecord } from '../record/types';
import { nodeId, type Scenario } from '../scenario/types';
import { clusterOptionsOf } from './cluster-options';
import { scheduleFaults } from './faults';
import { recordCluster } from './recorder';
import { stopCondition } from './stop-condition';

export function runScenario(s: Scenario): RunRecord {
  const cluster = createCluster(clusterOptionsOf(s));
  const recorder = recordCluster(cluster);
  const scheduled = scheduleFaults(cluster, s);
  let stoppedEarly = false;
  try {
    cluster.start();
    const stop = stopCondition(s);
    if (stop === null) cluster.runFor(s.run.duration);
    else stoppedEarly = cluster.runUntil(stop, s.run.duration);
  } finally {
    for (const action of scheduled) action.unsubscribe();
  }
  const endedAt = cluster.now();
  const nodes = recorder.nodes(endedAt);
  cluster.close();
  recorder.subscription.unsubscribe();
  const { total } = cluster.network.stats();
  return {
    scenario: s,
    endedAt,
    stoppedEarly,
    nodes,
    partitions: s.partitions
      .filter((p) => p.at < endedAt)
      .map((p) => ({
        from: p.at,
        // Still in force at the end of the run: as good as never healed, for this run.
        to: p.heal !== null && p.heal <= endedAt ? p.heal : null,
        groups: p.groups.map((g) => g.map(nodeId)),
      })),
    evidence: recorder.evidence,
    network: {
      sent: total.sent,
      delivered: total.delivered,
      dropped: total.dropped,
      duplicated: total.duplicated,
    },
  };
}
