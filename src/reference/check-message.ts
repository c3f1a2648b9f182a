/**
 * The reference protocol's checks on a decoded inbound message, run by the guarded inbound path
 * after the envelope's signature: the item inside must be valid on its own (frame id and
 * proposer signature, ballot signature, collection hash) and agree with the envelope's sender,
 * so a validator cannot pass off another's proposal or vote as its own.
 */
import type { Either } from 'fp-ts/Either';
import { malformedItem, withinField, type CheckProblem, type MessageCheck } from '../inbound/message-check';
import type { PlainMessage } from '../wire/message';
import { checkBallot } from './ballot';
import { checkCollected } from './collected';
import { checkFrame } from './frame';
import type { Ballot, Collected, Frame, PeerId } from './types';
import type { Verification } from './verification';

type ReferenceMessage = PlainMessage<Frame, Ballot, PeerId, Collected>;

export function referenceMessageCheck(v: Verification): MessageCheck<Frame, Ballot, PeerId, Collected> {
  return (message: ReferenceMessage): CheckProblem | undefined => {
    switch (message.kind) {
      case 'proposal':
        if (message.proposal.proposer !== message.peer) {
          return mismatch(
            'body.proposal.proposer',
            `the proposer ${message.proposal.proposer} is not the sender ${message.peer}`,
          );
        }
        return itemProblem('body.proposal', checkFrame(message.proposal, v));
      case 'vote':
        if (message.vote.voter !== message.voter) {
          return mismatch(
            'body.vote.voter',
            `the voter ${message.vote.voter} is not the sender ${message.voter}`,
          );
        }
        if (message.vote.proposer !== message.proposer) {
          return mismatch(
            'body.proposer',
            `${message.proposer} is not the ballot's proposer ${message.vote.proposer}`,
          );
        }
        return itemProblem('body.vote', checkBallot(message.vote, v));
      case 'liveness':
        return itemProblem('body.collected', checkCollected(message.collected));
      case 'confirmation':
        return itemProblem('body.confirmation', checkFrame(message.confirmation, v));
    }
  };
}

const mismatch = malformedItem;

const itemProblem = (prefix: string, result: Either<CheckProblem, unknown>): CheckProblem | undefined =>
  result._tag === 'Right' ? undefined : withinField(prefix, result.left);
