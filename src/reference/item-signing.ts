/**
 * Which reference messages are signed once: a proposal's frame is signed by its proposer (over its
 * id, the hash of its content) and a vote's ballot by its voter, and each names its sender and
 * rank. Their envelopes carry that signature instead of a second one over the envelope, which
 * halves the Ed25519 work of a rank: a receiver verifies the envelope over the item's signed
 * bytes, and the item's own check then finds the signature verified. The other kinds (liveness,
 * confirmations of another proposer's frame, timeouts, catch-up) are signed as a whole.
 *
 * Before the signature, each envelope field the item fixes is checked against it, so a receiver
 * never takes a vote or proposal whose envelope says something its signed item does not: the
 * sender is the voter or proposer, the rank is the item's, the vote's `proposer` is the ballot's,
 * and the signature is the item's. A frame's content is bound to its signed id by `checkFrame`.
 */
import { left, right, type Either } from 'fp-ts/Either';
import type { Envelope, ItemSigning, MessageKind, SignedItem } from '../wire/envelope';
import type { Json } from '../wire/json';
import type { PlainMessage } from '../wire/message';
import { wireError, type WireError } from '../wire/wire-error';
import { ballotSigningBytes } from './ballot';
import { frameSigningBytes } from './frame';
import type { Ballot, Collected, Frame, PeerId } from './types';

/** The kinds signed by their item, each with how its signed item is read from the envelope. */
const SIGNED_BY_ITEM: Partial<Record<MessageKind, (envelope: Envelope) => Either<WireError, SignedItem>>> = {
  proposal: signedFrame,
  vote: signedBallot,
};

export const referenceItemSigning: ItemSigning<PlainMessage<Frame, Ballot, PeerId, Collected>> = {
  signatureOf: (message) =>
    message.kind === 'proposal'
      ? message.proposal.signature
      : message.kind === 'vote'
        ? message.vote.signature
        : undefined,
  signedItemOf: (envelope) => SIGNED_BY_ITEM[envelope.kind]?.(envelope),
};

/** A proposal's frame: its proposer is the sender, its rank the envelope's; it signed the frame id. */
function signedFrame(envelope: Envelope): Either<WireError, SignedItem> {
  const frame = objectAt(envelope.body, 'proposal');
  if (frame === undefined) return left(wireError('body.proposal', 'expected a frame, got no object'));
  const { id, proposer, rank, signature } = frame;
  const wrong =
    notString(id, 'body.proposal.id') ??
    notString(proposer, 'body.proposal.proposer') ??
    notString(signature, 'body.proposal.signature') ??
    (proposer !== envelope.sender
      ? wireError(
          'body.proposal.proposer',
          `the proposer ${shown(proposer)} is not the sender ${envelope.sender}`,
        )
      : undefined) ??
    rankProblem(envelope, rank, 'proposal');
  if (wrong !== undefined) return left(wrong);
  return right({
    bytes: frameSigningBytes(id as string, envelope.chain),
    signature: signature as string,
    field: 'body.proposal.signature',
  });
}

/** A vote's ballot: its voter is the sender, its rank the envelope's, its proposer the body's. */
function signedBallot(envelope: Envelope): Either<WireError, SignedItem> {
  const ballot = objectAt(envelope.body, 'vote');
  if (ballot === undefined) return left(wireError('body.vote', 'expected a ballot, got no object'));
  const { rank, voter, proposal, proposer, signature } = ballot;
  const wrong =
    notString(voter, 'body.vote.voter') ??
    notString(proposal, 'body.vote.proposal') ??
    notString(proposer, 'body.vote.proposer') ??
    notString(signature, 'body.vote.signature') ??
    (voter !== envelope.sender
      ? wireError('body.vote.voter', `the voter ${shown(voter)} is not the sender ${envelope.sender}`)
      : undefined) ??
    (envelope.body.proposer !== proposer
      ? wireError(
          'body.proposer',
          `${shown(envelope.body.proposer)} is not the ballot's proposer ${shown(proposer)}`,
        )
      : undefined) ??
    rankProblem(envelope, rank, 'vote');
  if (wrong !== undefined) return left(wrong);
  const content = {
    rank: rank as number,
    voter: voter as string,
    proposal: proposal as string,
    proposer: proposer as string,
  };
  return right({
    bytes: ballotSigningBytes(content, envelope.chain),
    signature: signature as string,
    field: 'body.vote.signature',
  });
}

type JsonObject = { readonly [key: string]: Json };

const objectAt = (body: JsonObject, field: string): JsonObject | undefined => {
  const value = body[field];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
};

const notString = (value: Json | undefined, field: string): WireError | undefined =>
  typeof value === 'string' ? undefined : wireError(field, `expected a string, got ${shown(value)}`);

/** The envelope's rank must be the item's, as the body's decoding later requires too. */
const rankProblem = (envelope: Envelope, rank: Json | undefined, kind: string): WireError | undefined =>
  rank === envelope.rank
    ? undefined
    : wireError('rank', `the envelope says rank ${envelope.rank} but its ${kind} is at rank ${shown(rank)}`);

/** A value as an error message shows it: strings bare, anything else as JSON, at most 80 characters. */
function shown(value: Json | undefined): string {
  const text =
    value === undefined ? 'nothing (missing)' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length <= 80 ? text : `${text.slice(0, 77)}...`;
}
