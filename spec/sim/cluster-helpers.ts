/** Shared checks for the cluster and Byzantine specs: safety, chains, and equivocation evidence. */
import { verifyEquivocation, type InboundRejection } from '../../src/inbound';
import {
  ed25519Verifier,
  referenceDomain,
  referenceMessageCheck,
  verificationFor,
  type Frame,
} from '../../src/reference';
import type { Cluster, ClusterNode } from '../../src/entries/sim';

/** Honest nodes agree at every rank they share, and no honest validator signed two votes at one rank. */
export function expectSafe(cluster: Cluster): void {
  expect(cluster.safety()).toEqual([]);
}

/** Ranks at which `node` signed votes for two different frames. */
export const doubleVoteRanks = (node: ClusterNode): number[] =>
  [...node.log.signedVotes].filter(([, ids]) => ids.size > 1).map(([rank]) => rank);

/** A node's frames in rank order. */
export const chainOf = (node: ClusterNode): Frame[] =>
  [...node.log.finalized.values()].sort((a, b) => a.rank - b.rank);

/**
 * The node's final frames form one chain from genesis: each frame's parent is the final frame
 * before it (ranks that ended by a timeout certificate have no frame and are skipped).
 */
export function expectLinkedChain(node: ClusterNode): void {
  const chain = chainOf(node);
  expect(chain[0]?.rank).toBe(0);
  chain.forEach((frame, i) => {
    if (i > 0) expect(frame.parent).toBe(chain[i - 1]!.id);
    if (i > 0) expect(frame.rank).toBeGreaterThan(chain[i - 1]!.rank);
  });
}

/** The equivocation rejections `node` holds whose two signed envelopes check out (works after `close`). */
export function provenEquivocations(cluster: Cluster, node: ClusterNode): InboundRejection[] {
  const { validators, genesis } = cluster;
  const ctx = {
    domain: referenceDomain,
    validators,
    verifier: ed25519Verifier,
    check: referenceMessageCheck(verificationFor(validators, ed25519Verifier, genesis)),
  };
  return node.log
    .evidence()
    .filter((r) => r.reason === 'equivocation' && verifyEquivocation(r, ctx)._tag === 'Right');
}

/** Transitions of every node as text, for comparing runs. */
export const transcript = (cluster: Cluster): string[] =>
  cluster.nodes.flatMap((n) =>
    n.log.transitions.entries().map((t) => `${n.key} ${t.at} ${t.from}->${t.to} (${t.event})`),
  );
