/**
 * Ballots: a voter's signed vote for one frame at one rank. The voter signs a context string, the
 * chain scope and the canonical JSON of `{ rank, voter, proposal, proposer }`.
 */
import { left, right, type Either } from 'fp-ts/Either';
import { canonicalJsonOf } from '../wire/canonical';
import type { Signer } from '../wire/signature';
import { encodeUtf8 } from '../wire/utf8';
import { badSignature, type CheckProblem } from '../inbound/message-check';
import type { Ballot, Frame, PeerId } from './types';
import { checkedOnce } from './checked-once';
import { scopedContext, type Verification } from './verification';

const BALLOT_CONTEXT = 'rx-consensus/ballot/v2\n';

export type BallotContent = Omit<Ballot, 'signature'>;

export function ballotSigningBytes(b: BallotContent, chain: string): Uint8Array {
  const { rank, voter, proposal, proposer } = b;
  return encodeUtf8(
    scopedContext(BALLOT_CONTEXT, chain) + canonicalJsonOf({ proposal, proposer, rank, voter }),
  );
}

/** `voter`'s signed ballot for `frame`, on the chain of scope `chain`. */
export function signBallot(frame: Frame, voter: PeerId, signer: Signer, chain: string): Ballot {
  const content: BallotContent = { rank: frame.rank, voter, proposal: frame.id, proposer: frame.proposer };
  return { ...content, signature: signer.sign(ballotSigningBytes(content, chain)) };
}

/** A ballot is valid when its voter is a validator and signed it for this chain. */
export const checkBallot = checkedOnce(function checkBallot(
  ballot: Ballot,
  v: Verification,
): Either<CheckProblem, Ballot> {
  const key = v.validators.publicKeyOf(ballot.voter);
  if (key === undefined) return left(badSignature('voter', `${ballot.voter} is not a validator`));
  if (!v.verifier.verify(key, ballotSigningBytes(ballot, v.chain), ballot.signature)) {
    return left(badSignature('signature', `not ${ballot.voter}'s signature over the ballot on this chain`));
  }
  return right(ballot);
});
