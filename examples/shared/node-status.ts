/** What the live view shows of each node right now: state, round, leader, votes seen, progress. */
import type { Cluster } from 'rx-consensus/sim';

export interface NodeStatus {
  readonly node: string;
  /** `honest`, `slow`, `twin` or the Byzantine strategy's name. */
  readonly role: string;
  readonly faulty: boolean;
  /** Machine state, `down`, or `-` for a node without a machine (a Byzantine strategy alone). */
  readonly state: string;
  /** The rank being decided (active rank + 1); null without a machine. */
  readonly round: number | null;
  /** The round's leader (priority 0). */
  readonly leader: string | null;
  /** Votes this node holds for the round. */
  readonly votes: number | null;
  readonly finalized: number;
  readonly refused: number;
  /** Messages it sent (from the network's counters). */
  readonly sent: number;
}

export function nodeStatuses(cluster: Cluster): NodeStatus[] {
  const sent = cluster.network.stats().nodes;
  return cluster.nodes.map((n) => {
    const snapshot = n.machine?.getSnapshot();
    const round = snapshot === undefined ? null : snapshot.activeRank + 1;
    return {
      node: n.key,
      role: n.behaviour,
      faulty: n.faulty,
      state: !n.up ? 'down' : (snapshot?.state ?? '-'),
      round,
      leader: round === null ? null : (cluster.validators.leaderOrder(round)[0] ?? null),
      votes: round === null ? null : (snapshot!.rounds.at(round)?.votes.size ?? 0),
      finalized: Math.max(0, n.log.highestRank),
      refused: n.log.rejected,
      sent: sent[n.key]?.sent ?? 0,
    };
  });
}
