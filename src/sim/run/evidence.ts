/**
 * Turning the inbound rejections honest nodes reported into evidence records: who each one
 * accuses (the voter or sender it names; nobody for bytes that name no one), and, for
 * equivocation, whether the two signed envelopes really prove it (checked once per distinct pair,
 * with the validators' public keys only).
 */
import { verifyEquivocation, type EvidenceCheck } from '../../inbound/evidence';
import type { InboundRejection } from '../../inbound/rejection';
import { cachingVerifier } from '../../reference/caching-verifier';
import { referenceMessageCheck } from '../../reference/check-message';
import { referenceDomain } from '../../reference/domain';
import { ed25519Verifier } from '../../reference/ed25519';
import type { Ballot, Collected, Frame, PeerId } from '../../reference/types';
import type { Cluster } from '../cluster/create-cluster';
import type { Evidence } from '../record/types';

export type EvidenceReader = (observer: string, at: number, r: InboundRejection) => Evidence | null;

export function evidenceReader(cluster: Cluster): EvidenceReader {
  const verifier = cachingVerifier(ed25519Verifier, 4096);
  const ctx: EvidenceCheck<Frame, Ballot, PeerId, Collected> = {
    domain: referenceDomain,
    validators: cluster.validators,
    verifier,
    check: referenceMessageCheck({ validators: cluster.validators, verifier, genesis: cluster.genesis }),
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
