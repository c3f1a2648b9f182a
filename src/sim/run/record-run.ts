/**
 * A run's record, read from the cluster: each node's log (its one record, see `NodeLog`) as a
 * `NodeRecord`, and the evidence honest nodes gathered, taken from the event stream as it
 * happens. Start it before the cluster starts; take the record once the run is over.
 */
import { filter } from 'rxjs';
import { verifyEquivocation, type EvidenceCheck } from '../../inbound/evidence';
import type { InboundRejection } from '../../inbound/rejection';
import { cachingVerifier } from '../../reference/caching-verifier';
import { verificationFor } from '../../reference/verification';
import { referenceMessageCheck } from '../../reference/check-message';
import { referenceDomain } from '../../reference/domain';
import { ed25519Verifier } from '../../reference/ed25519';
import type { Ballot, Collected, Frame, PeerId } from '../../reference/types';
import type { ClusterNode } from '../cluster/cluster-node';
import type { Cluster } from '../cluster/create-cluster';
import type { MachineState } from '../../machine/states';
import type { Evidence, NodeRecord, RunRecord, StateInterval } from '../record/types';
import { nodeId, type Scenario } from '../scenario/types';

export interface RunRecorder {
  /** The record at the cluster's time: `stoppedEarly` says a stop condition ended the run. */
  record(stoppedEarly: boolean): RunRecord;
  /** Stops collecting evidence. */
  stop(): void;
}

export function recordRun(cluster: Cluster, scenario: Scenario): RunRecorder {
  const evidence: Evidence[] = [];
  const read = evidenceReader(cluster);
  const faulty = new Set(cluster.faultyNodes().map((n) => n.key));
  // Only honest observers' refusals count as evidence: a faulty node's are its own business.
  const subscription = cluster.events$
    .pipe(filter((e) => e.kind === 'rejected' && !faulty.has(e.node)))
    .subscribe((e) => {
      const found = e.kind === 'rejected' ? read(e.node, e.at, e.rejection) : null;
      if (found !== null) evidence.push(found);
    });
  return {
    stop: () => subscription.unsubscribe(),
    record(stoppedEarly) {
      const endedAt = cluster.now();
      const { total } = cluster.network.stats();
      return {
        scenario,
        endedAt,
        stoppedEarly,
        nodes: cluster.nodes.map((n) => nodeRecord(n, endedAt)),
        partitions: scenario.partitions
          .filter((p) => p.at < endedAt)
          .map((p) => ({
            from: p.at,
            // Still in force at the end of the run: as good as never healed, for this run.
            to: p.heal !== null && p.heal <= endedAt ? p.heal : null,
            groups: p.groups.map((g) => g.map(nodeId)),
          })),
        evidence: [...evidence],
        network: {
          sent: total.sent,
          delivered: total.delivered,
          dropped: total.dropped,
          duplicated: total.duplicated,
        },
      };
    },
  };
}

/** A node's log as plain data, its state bands closed at `end`. */
export function nodeRecord(node: ClusterNode, end: number): NodeRecord {
  const { log } = node;
  const transitions = log.transitions.entries();
  const downtime = log.downtime.map((d) => ({ ...d }));
  return {
    id: node.key,
    validator: node.id,
    lane: node.key,
    role: node.faulty ? 'byzantine' : 'honest',
    behaviours: (node.behaviour === 'honest' ? [] : node.behaviour.split('+')) as NodeRecord['behaviours'],
    states: log.transitionCount > 0 ? stateIntervals(livesFrom(downtime, end), transitions) : [],
    finalizations: [...log.finalizations],
    downtime,
    votes: [...log.votes],
    receivedTwice: [...log.receivedTwice],
    transitions: transitions.map((t) => `${t.at} ${t.from}->${t.to} (${t.event})`),
    errors: log.errors(),
    rejections: Object.fromEntries(Object.entries(log.rejectedByReason).filter(([, count]) => count > 0)),
  };
}

/*
 * State bands from a node's transition log: the machine is `stopped` from the start of each life
 * (the run's start, or a restart) until its first transition, and each transition ends one band
 * and starts the next; a crash or the end of the run closes the last band of a life.
 */

export interface Life {
  readonly from: number;
  /** When this life ended (crash, or the end of the run). */
  readonly to: number;
}

export interface TimedTransition {
  readonly at: number;
  readonly to: MachineState;
}

/** `transitions` in time order, across all lives; each transition belongs to the life it falls in. */
export function stateIntervals(
  lives: readonly Life[],
  transitions: readonly TimedTransition[],
): StateInterval[] {
  const out: StateInterval[] = [];
  let next = 0;
  for (const life of lives) {
    let state: MachineState = 'stopped';
    let since = life.from;
    while (next < transitions.length && transitions[next]!.at <= life.to) {
      const t = transitions[next++]!;
      if (t.at < life.from) continue;
      if (t.at > since) out.push({ from: since, to: t.at, state });
      state = t.to;
      since = t.at;
    }
    if (life.to > since) out.push({ from: since, to: life.to, state });
  }
  return out;
}

/** The lives of a node from its downtime: up from 0 until the first crash, from each restart until the next crash. */
export function livesFrom(downtime: readonly { from: number; to: number | null }[], end: number): Life[] {
  const lives: Life[] = [];
  let from: number | null = 0;
  for (const d of [...downtime].sort((a, b) => a.from - b.from)) {
    if (from !== null && d.from > from) lives.push({ from, to: d.from });
    from = d.to;
  }
  if (from !== null && end > from) lives.push({ from, to: end });
  return lives;
}

/*
 * Turning the inbound rejections honest nodes reported into evidence records: who each one
 * accuses (the voter or sender it names; nobody for bytes that name no one), and, for
 * equivocation, whether the two signed envelopes really prove it (checked once per distinct pair,
 * with the validators' public keys only).
 */

export type EvidenceReader = (observer: string, at: number, r: InboundRejection) => Evidence | null;

export function evidenceReader(cluster: Cluster): EvidenceReader {
  const verifier = cachingVerifier(ed25519Verifier, 4096);
  const ctx: EvidenceCheck<Frame, Ballot, PeerId, Collected> = {
    domain: referenceDomain,
    validators: cluster.validators,
    verifier,
    check: referenceMessageCheck(verificationFor(cluster.validators, verifier, cluster.genesis)),
  };
  const proofs = new Map<string, boolean>();
  const proven = (r: Extract<InboundRejection, { reason: 'equivocation' }>): boolean | null => {
    if (r.first === null) return null;
    const key = `${r.voter}/${r.rank}/${r.firstId}/${r.secondId}`;
    let ok = proofs.get(key);
    if (ok === undefined) {
      ok = verifyEquivocation({ first: r.first, second: r.second }, ctx)._tag === 'Right';
      proofs.set(key, ok);
    }
    return ok;
  };
  return (observer, at, r) => {
    const base = { at, observer, detail: r.message };
    switch (r.reason) {
      case 'equivocation':
        return { ...base, kind: 'equivocation', accused: r.voter, rank: r.rank, verified: proven(r) };
      case 'conflict':
        return { ...base, kind: 'conflict', accused: r.sender, rank: r.rank, verified: null };
      case 'bad_signature':
      case 'unknown_sender':
        // The claimed sender: a forger could name someone else, so this is a lead, not a proof.
        return { ...base, kind: r.reason, accused: r.sender, rank: null, verified: null };
      case 'malformed':
      case 'oversized':
        return { ...base, kind: r.reason, accused: null, rank: null, verified: null };
      default:
        // Stale and too-far-ahead messages are normal on a real network; refusals by a closed machine too.
        return null;
    }
  };
}
