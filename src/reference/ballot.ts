/**
 * Ballots: a voter's signed vote for one frame at one rank. The voter signs a context string and
 * the canonical JSON of `{ rank, voter, proposal, proposer }`.
 */
import { left, right, type Either } from 'fp-ts/Either';
import { canonicalJsonOf } from '../wire/canonical';
import type { Signer } from '../wire/signature';
import { encodeUtf8 } from '../wire/utf8';
import { badSignature, type CheckProblem } from '../inbound/message-check';
import type { Ballot, Frame, PeerId } from './types';
import type { Verification } from './verification';

const BALLOT_CONTEXT = 'rx-consensus/ballot/v1\n';

export type BallotContent = Omit<Ballot, 'signature'>;

export function ballotSigningBytes(b: BallotContent): Uint8Array {
  const { rank, voter, proposal, proposer } = b;
  return encodeUtf8(BALLOT_CONTEXT + canonicalJsonOf({ rank, voter, proposal, proposer }));
}

/** `voter`'s signed ballot for `frame`. */
export function signBallot(frame: Frame, voter: PeerId, signer: Signer): Ballot {
  const content: BallotContent = { rank: frame.rank, voter, proposal: frame.id, proposer: frame.proposer };
  return { ...content, signature: signer.sign(ballotSigningBytes(content)) };
}

/** A ballot is valid when its voter is a validator and signed it. */
export function checkBallot(ballot: Ballot, v: Verification): Either<CheckProblem, Ballot> {
  const key = v.validators.publicKeyOf(ballot.voter);
  if (key === undefined) return left(badSignature('voter', `${ballot.voter} is not a validator`));
  if (!v.verifier.verify(key, ballotSigningBytes(ballot), ballot.signature)) {
    return left(badSignature('signature', `not ${ballot.voter}'s signature over the ballot`));
  }
  return right(ballot);
}
