/**
 * What this validator received signed by each peer: the identity of every proposal, ballot and
 * timeout vote it accepted (verified), per signer, kind and rank, once each. Ballots inside the
 * quorum certificates it accepts count too: they are signed by their voters.
 *
 * A signer that signed two different items of one kind at one rank shows up here as two entries
 * with the same key: that is how double signing is judged from outside the signer, by what its
 * peers received, never by what it journaled itself. Each new entry is published on `received$`
 * (for a checker or a log); the ledger itself only keeps the keys of recent ranks, to publish each
 * entry once.
 */
import { Subject, type Observable } from 'rxjs';
import type { PeerId, QuorumCert } from '../types';

export type SignedItemKind = 'proposal' | 'vote' | 'timeout';

export interface ReceivedSigned {
  readonly signer: PeerId;
  readonly kind: SignedItemKind;
  readonly rank: number;
  /** What was signed: a frame id, a ballot's `frame@proposer`, a timeout's `highQcRank`. */
  readonly item: string;
}

export interface ReceivedLedger {
  record(signer: PeerId, kind: SignedItemKind, rank: number, item: string): void;
  /** Every ballot of a verified QC. */
  recordCertificate(qc: QuorumCert): void;
  /** Forget the keys below `rank` (a later copy of an old item may be published again). */
  pruneBelow(rank: number): void;
  readonly received$: Observable<ReceivedSigned>;
  close(): void;
}

export function createReceivedLedger(): ReceivedLedger {
  const seen = new Map<number, Set<string>>();
  const out = new Subject<ReceivedSigned>();
  let floor = -Infinity;

  function record(signer: PeerId, kind: SignedItemKind, rank: number, item: string): void {
    if (rank < floor || !out.observed) return;
    let keys = seen.get(rank);
    if (keys === undefined) {
      keys = new Set();
      seen.set(rank, keys);
    }
    const key = `${kind}\n${signer}\n${item}`;
    if (keys.has(key)) return;
    keys.add(key);
    out.next({ signer, kind, rank, item });
  }

  return {
    record,
    recordCertificate(qc) {
      if (qc.rank < floor || !out.observed || seen.get(qc.rank)?.has(`qc\n${qc.frame}`)) return;
      for (const ballot of qc.votes)
        record(ballot.voter, 'vote', ballot.rank, `${ballot.proposal}@${ballot.proposer}`);
      seen.get(qc.rank)?.add(`qc\n${qc.frame}`);
    },
    pruneBelow(rank) {
      floor = Math.max(floor, rank);
      for (const r of seen.keys()) if (r < floor) seen.delete(r);
    },
    received$: out.asObservable(),
    close: () => out.complete(),
  };
}
