/**
 * Recording a cluster run from its event stream: per node key, the transitions (for state bands
 * and the replay log), frames made active with their time, votes signed in every life, rejection
 * counts, errors and downtime; evidence for the whole run. Subscribe before the cluster starts.
 */
import type { Subscription } from 'rxjs';
import type { MachineState } from '../../machine/states';
import type { Cluster } from '../cluster/create-cluster';
import type { ClusterEvent } from '../cluster/events';
import { livesFrom, stateIntervals } from '../record/intervals';
import type { Downtime, Evidence, Finalization, NodeRecord, SignedVote } from '../record/types';
import { evidenceReader } from './evidence';

interface NodeTrace {
  readonly transitions: { at: number; to: MachineState }[];
  readonly log: string[];
  readonly finalizations: Finalization[];
  readonly votes: SignedVote[];
  readonly errors: string[];
  readonly rejections: Record<string, number>;
  readonly downtime: { from: number; to: number | null }[];
}

export interface Recorder {
  /** Node records as of time `end` (bands closed there). */
  nodes(end: number): NodeRecord[];
  readonly evidence: readonly Evidence[];
  readonly subscription: Subscription;
}

export function recordCluster(cluster: Cluster): Recorder {
  const traces = new Map<string, NodeTrace>();
  for (const n of cluster.nodes)
    traces.set(n.key, {
      transitions: [],
      log: [],
      finalizations: [],
      votes: [],
      errors: [],
      rejections: {},
      downtime: [],
    });
  const evidence: Evidence[] = [];
  const readEvidence = evidenceReader(cluster);
  const faulty = new Set(cluster.faultyNodes().map((n) => n.key));

  const record = (e: ClusterEvent): void => {
    const trace = traces.get(e.node)!;
    switch (e.kind) {
      case 'transition': {
        const t = e.transition;
        trace.transitions.push({ at: t.at, to: t.to });
        trace.log.push(`${t.at} ${t.from}->${t.to} (${t.event})`);
        return;
      }
      case 'finalized':
        trace.finalizations.push({ at: e.at, rank: e.rank, frameId: e.frame.id });
        return;
      case 'vote-signed':
        trace.votes.push({ at: e.at, rank: e.rank, voteId: e.voteId, incarnation: e.incarnation });
        return;
      case 'rejected': {
        const reason = e.rejection.reason;
        trace.rejections[reason] = (trace.rejections[reason] ?? 0) + 1;
        // Only honest observers' refusals count as evidence: a faulty node's are its own business.
        const found = faulty.has(e.node) ? null : readEvidence(e.node, e.at, e.rejection);
        if (found !== null) evidence.push(found);
        return;
      }
      case 'error':
        trace.errors.push(e.message);
        return;
      case 'crashed':
        trace.downtime.push({ from: e.at, to: null });
        return;
      case 'restarted': {
        const last = trace.downtime[trace.downtime.length - 1];
        if (last !== undefined && last.to === null) last.to = e.at;
        return;
      }
      case 'caught-up':
        return;
    }
  };
  const subscription = cluster.events$.subscribe(record);

  return {
    evidence,
    subscription,
    nodes: (end) =>
      cluster.nodes.map((n) => {
        const t = traces.get(n.key)!;
        const downtime: Downtime[] = t.downtime.map((d) => ({ ...d }));
        const hasMachine = t.transitions.length > 0;
        return {
          id: n.key,
          validator: n.id,
          lane: n.key,
          role: n.faulty ? 'byzantine' : 'honest',
          behaviours: n.behaviour === 'honest' ? [] : n.behaviour.split('+'),
          states: hasMachine ? stateIntervals(livesFrom(downtime, end), t.transitions) : [],
          finalizations: t.finalizations,
          downtime,
          votes: t.votes,
          transitions: t.log,
          errors: t.errors,
          rejections: t.rejections,
        } as NodeRecord;
      }),
  };
}
