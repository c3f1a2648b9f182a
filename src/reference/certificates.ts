/**
 * Quorum and timeout certificates: signing timeout votes, building certificates, checking them.
 *
 * A quorum certificate (QC) for frame F at rank r holds ballots for F at r from distinct
 * validators weighing at least the quorum; so does a timeout certificate (TC) for rank r, with
 * timeout votes at r. Any two quorums share an honest validator, which is what every safety
 * argument of the protocol rests on. The genesis frame's QC needs no ballots.
 *
 * A timeout vote names the rank of its signer's highest QC (`highQcRank`); that number is a
 * claim, and every claim another rule depends on is proven: a timeout message carries a QC at
 * least as high as its vote's claim, and a TC carries the QC of exactly its highest claim. So
 * the voting rule "build on a QC at least as high as every claim in the TC" can always be met by
 * a leader that holds the TC, whatever a Byzantine signer claimed.
 */
import { left, right, type Either } from 'fp-ts/Either';
import { canonicalJsonOf } from '../wire/canonical';
import type { Signer } from '../wire/signature';
import { encodeUtf8 } from '../wire/utf8';
import { checkBallot } from './ballot';
import { badSignature, malformedItem, type CheckProblem } from '../inbound/message-check';
import type { Ballot, PeerId, QuorumCert, TimeoutCert, TimeoutMessage, TimeoutVote } from './types';
import { checkedOnce } from './checked-once';
import { scopedContext, type Verification } from './verification';

const TIMEOUT_CONTEXT = 'rx-consensus/timeout/v2\n';

export type TimeoutContent = Omit<TimeoutVote, 'signature'>;

export function timeoutSigningBytes(t: TimeoutContent, chain: string): Uint8Array {
  const { rank, voter, highQcRank } = t;
  return encodeUtf8(scopedContext(TIMEOUT_CONTEXT, chain) + canonicalJsonOf({ highQcRank, rank, voter }));
}

/** `voter`'s signed timeout for `rank` on the chain of scope `chain`, naming the rank of its highest QC. */
export function signTimeout(
  rank: number,
  voter: PeerId,
  highQcRank: number,
  signer: Signer,
  chain: string,
): TimeoutVote {
  const content: TimeoutContent = { rank, voter, highQcRank };
  return { ...content, signature: signer.sign(timeoutSigningBytes(content, chain)) };
}

export const checkTimeoutVote = checkedOnce(function checkTimeoutVote(
  vote: TimeoutVote,
  v: Verification,
): Either<CheckProblem, TimeoutVote> {
  const key = v.validators.publicKeyOf(vote.voter);
  if (key === undefined) return left(badSignature('voter', `${vote.voter} is not a validator`));
  if (vote.highQcRank >= vote.rank)
    return left(
      malformedItem('highQcRank', `${vote.highQcRank} is not below the timeout's rank ${vote.rank}`),
    );
  if (!v.verifier.verify(key, timeoutSigningBytes(vote, v.chain), vote.signature))
    return left(badSignature('signature', `not ${vote.voter}'s signature over the timeout on this chain`));
  return right(vote);
});

/** Whether `qc` certifies the genesis frame of this chain. */
export const isGenesisCert = (qc: QuorumCert, v: Verification): boolean =>
  qc.frame === v.genesis.id && qc.rank === v.genesis.rank && qc.votes.length === 0;

/**
 * Sum the weight of distinct validators among `items`, each checked by `valid`; the first problem
 * found is returned instead.
 */
function weighVoters<T extends { readonly voter: PeerId }>(
  items: readonly T[],
  field: string,
  v: Verification,
  valid: (item: T) => CheckProblem | undefined,
): Either<CheckProblem, number> {
  const seen = new Set<PeerId>();
  let weight = 0;
  for (const [i, item] of items.entries()) {
    if (seen.has(item.voter))
      return left(malformedItem(`${field}.${i}.voter`, `${item.voter} is counted twice`));
    seen.add(item.voter);
    const problem = valid(item);
    if (problem !== undefined) return left({ ...problem, field: `${field}.${i}.${problem.field}` });
    weight += v.validators.weightOf(item.voter);
  }
  return right(weight);
}

export const checkQuorumCert = checkedOnce(function checkQuorumCert(
  qc: QuorumCert,
  v: Verification,
): Either<CheckProblem, QuorumCert> {
  if (isGenesisCert(qc, v)) return right(qc);
  if (qc.rank <= v.genesis.rank)
    return left(malformedItem('rank', `no certificate but genesis's is at rank ${qc.rank}`));
  const weighed = weighVoters(qc.votes, 'votes', v, (ballot: Ballot) => {
    if (ballot.rank !== qc.rank)
      return malformedItem('rank', `ballot at rank ${ballot.rank}, not ${qc.rank}`);
    if (ballot.proposal !== qc.frame) return malformedItem('proposal', `ballot for another frame`);
    const checked = checkBallot(ballot, v);
    return checked._tag === 'Left' ? checked.left : undefined;
  });
  if (weighed._tag === 'Left') return weighed;
  if (weighed.right < v.validators.quorumWeight)
    return left(
      malformedItem('votes', `weight ${weighed.right} is below the quorum ${v.validators.quorumWeight}`),
    );
  return right(qc);
});

/**
 * A TC is valid when its votes are valid timeouts at its rank from distinct validators weighing
 * the quorum, and its `highQc` is a valid QC whose rank is exactly the highest `highQcRank` its
 * votes name. The cheap comparisons run before any signature.
 */
export const checkTimeoutCert = checkedOnce(function checkTimeoutCert(
  tc: TimeoutCert,
  v: Verification,
): Either<CheckProblem, TimeoutCert> {
  const claimed = highestQcRankIn(tc);
  if (tc.highQc.rank !== claimed)
    return left(
      malformedItem(
        'highQc.rank',
        `the certificate proves rank ${tc.highQc.rank}, but its highest claim is ${claimed}`,
      ),
    );
  const weighed = weighVoters(tc.timeouts, 'timeouts', v, (timeout: TimeoutVote) => {
    if (timeout.rank !== tc.rank)
      return malformedItem('rank', `timeout at rank ${timeout.rank}, not ${tc.rank}`);
    const checked = checkTimeoutVote(timeout, v);
    return checked._tag === 'Left' ? checked.left : undefined;
  });
  if (weighed._tag === 'Left') return weighed;
  if (weighed.right < v.validators.quorumWeight)
    return left(
      malformedItem('timeouts', `weight ${weighed.right} is below the quorum ${v.validators.quorumWeight}`),
    );
  const qc = checkQuorumCert(tc.highQc, v);
  if (qc._tag === 'Left') return left({ ...qc.left, field: `highQc.${qc.left.field}` });
  return right(tc);
});

/**
 * A timeout message proves its vote's claim: its `highQc` is a valid QC at least as high as the
 * vote's `highQcRank`, and its `lastTc`, when present, is a valid TC. Field names are those of the
 * message body.
 */
export function checkTimeoutMessage(
  message: TimeoutMessage,
  v: Verification,
): Either<CheckProblem, TimeoutMessage> {
  const { timeout, highQc, lastTc } = message;
  if (highQc.rank < timeout.highQcRank)
    return left(
      malformedItem(
        'highQc.rank',
        `the timeout claims a QC at rank ${timeout.highQcRank} but proves only rank ${highQc.rank}`,
      ),
    );
  const checks: readonly (readonly [string, () => Either<CheckProblem, unknown>])[] = [
    ['timeout', () => checkTimeoutVote(timeout, v)],
    ['highQc', () => checkQuorumCert(highQc, v)],
    ...(lastTc === null ? [] : [['lastTc', () => checkTimeoutCert(lastTc, v)] as const]),
  ];
  for (const [field, check] of checks) {
    const result = check();
    if (result._tag === 'Left') return left({ ...result.left, field: `${field}.${result.left.field}` });
  }
  return right(message);
}

/** The highest QC rank the signers of `tc` said they knew. */
export const highestQcRankIn = (tc: TimeoutCert): number =>
  tc.timeouts.reduce((highest, t) => Math.max(highest, t.highQcRank), -1);

/** A QC from `ballots` (already checked) for `frame` at `rank`, in a canonical order. */
export function quorumCert(rank: number, frame: string, ballots: Iterable<Ballot>): QuorumCert {
  const votes = [...ballots].filter((b) => b.rank === rank && b.proposal === frame);
  votes.sort((a, b) => (a.voter < b.voter ? -1 : a.voter > b.voter ? 1 : 0));
  return { rank, frame, votes };
}

/** A timeout vote with the QC that came with it (at least as high as its claim). */
export interface ProvenTimeout {
  readonly vote: TimeoutVote;
  readonly qc: QuorumCert;
}

/**
 * A TC at `rank` from checked timeouts, or null when they cannot make one yet: the largest set of
 * them, weighing the quorum, whose highest claim is proven by a QC at exactly that rank among the
 * QCs that came with them and the (checked) QCs this node already `known`s. Votes in canonical
 * order (by voter).
 */
export function timeoutCert(
  rank: number,
  timeouts: Iterable<ProvenTimeout>,
  weightOf: (voter: PeerId) => number,
  quorumWeight: number,
  known: readonly QuorumCert[] = [],
): TimeoutCert | null {
  const held = [...timeouts].filter((t) => t.vote.rank === rank);
  const proofs = new Map<number, QuorumCert>();
  for (const qc of [...held.map((t) => t.qc), ...known]) if (!proofs.has(qc.rank)) proofs.set(qc.rank, qc);
  // Highest proof first: the votes claiming no more than it, if they weigh the quorum and one of
  // them claims exactly it, make the certificate.
  for (const proof of [...proofs.values()].sort((a, b) => b.rank - a.rank)) {
    const votes = held.map((t) => t.vote).filter((vote) => vote.highQcRank <= proof.rank);
    const weight = votes.reduce((sum, vote) => sum + weightOf(vote.voter), 0);
    if (weight < quorumWeight) return null;
    if (!votes.some((vote) => vote.highQcRank === proof.rank)) continue;
    votes.sort((a, b) => (a.voter < b.voter ? -1 : a.voter > b.voter ? 1 : 0));
    return { rank, timeouts: votes, highQc: proof };
  }
  return null;
}
