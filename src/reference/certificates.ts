/**
 * Quorum and timeout certificates: signing timeout votes, building certificates, checking them.
 *
 * A quorum certificate (QC) for frame F at rank r holds ballots for F at r from distinct
 * validators weighing at least the quorum; so does a timeout certificate (TC) for rank r, with
 * timeout votes at r. Any two quorums share an honest validator, which is what every safety
 * argument of the protocol rests on. The genesis frame's QC needs no ballots.
 */
import { left, right, type Either } from 'fp-ts/Either';
import { canonicalJsonOf } from '../wire/canonical';
import type { Signer } from '../wire/signature';
import { encodeUtf8 } from '../wire/utf8';
import { checkBallot } from './ballot';
import { badSignature, malformedItem, type CheckProblem } from '../inbound/message-check';
import type { Ballot, PeerId, QuorumCert, TimeoutCert, TimeoutVote } from './types';
import type { Verification } from './verification';

const TIMEOUT_CONTEXT = 'rx-consensus/timeout/v1\n';

export type TimeoutContent = Omit<TimeoutVote, 'signature'>;

export function timeoutSigningBytes(t: TimeoutContent): Uint8Array {
  const { rank, voter, highQcRank } = t;
  return encodeUtf8(TIMEOUT_CONTEXT + canonicalJsonOf({ rank, voter, highQcRank }));
}

/** `voter`'s signed timeout for `rank`, naming the rank of its highest QC. */
export function signTimeout(rank: number, voter: PeerId, highQcRank: number, signer: Signer): TimeoutVote {
  const content: TimeoutContent = { rank, voter, highQcRank };
  return { ...content, signature: signer.sign(timeoutSigningBytes(content)) };
}

export function checkTimeoutVote(vote: TimeoutVote, v: Verification): Either<CheckProblem, TimeoutVote> {
  const key = v.validators.publicKeyOf(vote.voter);
  if (key === undefined) return left(badSignature('voter', `${vote.voter} is not a validator`));
  if (vote.highQcRank >= vote.rank)
    return left(
      malformedItem('highQcRank', `${vote.highQcRank} is not below the timeout's rank ${vote.rank}`),
    );
  if (!v.verifier.verify(key, timeoutSigningBytes(vote), vote.signature))
    return left(badSignature('signature', `not ${vote.voter}'s signature over the timeout`));
  return right(vote);
}

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

export function checkQuorumCert(qc: QuorumCert, v: Verification): Either<CheckProblem, QuorumCert> {
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
}

export function checkTimeoutCert(tc: TimeoutCert, v: Verification): Either<CheckProblem, TimeoutCert> {
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
  return right(tc);
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

/** A TC from timeout votes (already checked) at `rank`, in a canonical order. */
export function timeoutCert(rank: number, timeouts: Iterable<TimeoutVote>): TimeoutCert {
  const list = [...timeouts].filter((t) => t.rank === rank);
  list.sort((a, b) => (a.voter < b.voter ? -1 : a.voter > b.voter ? 1 : 0));
  return { rank, timeouts: list };
}
