/**
 * A cluster's state as plain data for tables and JSON: per node what it reached, how many
 * transitions it made, what it refused and why; the agreement verdict; double votes; network totals.
 */
import type { MachineState } from '../../machine/states';
import type { DoubleVote, AgreementReport } from './agreement';
import type { Cluster } from './create-cluster';

export interface NodeSummary {
  readonly node: string;
  readonly id: string;
  readonly behaviour: string;
  readonly faulty: boolean;
  readonly up: boolean;
  /** The current machine state; null without a machine. */
  readonly state: MachineState | null;
  /** Highest rank made active (−1: none). */
  readonly highestRank: number;
  /** Ranks above genesis made active. */
  readonly ranksFinalized: number;
  readonly transitions: number;
  readonly rejected: number;
  /** Rejections by reason (reasons with none left out). */
  readonly rejectedByReason: Readonly<Record<string, number>>;
  /** Ranks at which this node signed at least one vote. */
  readonly votesSigned: number;
  readonly errors: number;
  readonly incarnations: number;
  readonly catchUps: number;
}

export interface ClusterSummary {
  /** Scheduler time (virtual ms, or wall-clock ms since the epoch in real time). */
  readonly time: number;
  readonly nodes: readonly NodeSummary[];
  readonly agreement: AgreementReport;
  readonly doubleVotes: readonly DoubleVote[];
  readonly network: {
    readonly sent: number;
    readonly delivered: number;
    readonly dropped: number;
    readonly duplicated: number;
  };
}

export function summarizeCluster(cluster: Cluster): ClusterSummary {
  const total = cluster.network.stats().total;
  return {
    time: cluster.now(),
    nodes: cluster.nodes.map((n): NodeSummary => {
      const log = n.log;
      return {
        node: n.key,
        id: n.id,
        behaviour: n.behaviour,
        faulty: n.faulty,
        up: n.up,
        state: n.machine?.getState() ?? null,
        highestRank: log.highestRank,
        ranksFinalized: [...log.finalizedIds.keys()].filter((rank) => rank > 0).length,
        transitions: log.transitionCount,
        rejected: log.rejected,
        rejectedByReason: Object.fromEntries(
          Object.entries(log.rejectedByReason).filter(([, count]) => count > 0),
        ),
        votesSigned: log.signedVotes.size,
        errors: log.errorCount,
        incarnations: log.incarnations,
        catchUps: log.catchUps,
      };
    }),
    agreement: cluster.agreement(),
    doubleVotes: cluster.doubleVotes(),
    network: {
      sent: total.sent,
      delivered: total.delivered,
      dropped: total.dropped,
      duplicated: total.duplicated,
    },
  };
}
