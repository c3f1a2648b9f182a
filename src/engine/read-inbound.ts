/**
 * Reading inbound messages: turn whatever a transport or caller handed us (any JavaScript value)
 * into a validated `Inbound` record, or a `malformed` rejection naming the field. Codecs from the
 * domain decode first; then identity and rank are read through the domain accessors, guarded,
 * so the pure reducer never runs user code.
 */
import { isLeft, left, right, type Either } from 'fp-ts/Either';
import type * as t from 'io-ts';
import { describeError, describeValue } from '../guard/describe';
import { reportFirst } from '../guard/io-ts-report';
import type { Inbound, InboundKind, Ticket } from './inputs';
import type { RejectionDetails } from './rejection';
import type { Domain, PeerAccessor, RankedAccessor } from './types';

type Malformed = Extract<RejectionDetails, { reason: 'malformed' }>;
type Read<T> = Either<Malformed, T>;

const malformed = (kind: InboundKind, field: string, problem: string): Malformed => ({
  reason: 'malformed',
  kind,
  field,
  problem,
});

function decode<T>(kind: InboundKind, field: string, value: unknown, codec: t.Type<T, unknown> | undefined): Read<T> {
  if (codec === undefined) {
    if (value === null || value === undefined) return left(malformed(kind, field, `expected a value, got ${describeValue(value)}`));
    return right(value as T);
  }
  try {
    const decoded = codec.decode(value);
    if (isLeft(decoded)) {
      const { field: path, problem } = reportFirst(decoded.left, field);
      return left(malformed(kind, path, problem));
    }
    return right(decoded.right);
  } catch (err) {
    return left(malformed(kind, field, `decoding threw ${describeError(err)}`));
  }
}

function identityOf<T>(kind: InboundKind, field: string, value: T, accessor: { identity(v: T): string }): Read<string> {
  try {
    const id: unknown = accessor.identity(value);
    if (typeof id !== 'string' || id.length === 0) {
      return left(malformed(kind, field, `identity must be a non-empty string, got ${describeValue(id)}`));
    }
    return right(id);
  } catch (err) {
    return left(malformed(kind, field, `identity() threw ${describeError(err)}`));
  }
}

function rankOf<T>(kind: InboundKind, field: string, value: T, accessor: RankedAccessor<T>): Read<number> {
  try {
    const rank: unknown = accessor.rank(value);
    if (typeof rank !== 'number' || !Number.isSafeInteger(rank) || rank < 0) {
      return left(malformed(kind, field, `rank must be a non-negative safe integer, got ${describeValue(rank)}`));
    }
    return right(rank);
  } catch (err) {
    return left(malformed(kind, field, `rank() threw ${describeError(err)}`));
  }
}

interface Ranked<T> {
  readonly item: T;
  readonly itemId: string;
  readonly rank: number;
}

function readRanked<T>(kind: InboundKind, field: string, raw: unknown, accessor: RankedAccessor<T>): Read<Ranked<T>> {
  const decoded = decode(kind, field, raw, accessor.codec);
  if (isLeft(decoded)) return decoded;
  const itemId = identityOf(kind, field, decoded.right, accessor);
  if (isLeft(itemId)) return itemId;
  const rank = rankOf(kind, field, decoded.right, accessor);
  if (isLeft(rank)) return rank;
  return right({ item: decoded.right, itemId: itemId.right, rank: rank.right });
}

function readPeer<P>(kind: InboundKind, field: string, raw: unknown, accessor: PeerAccessor<P>): Read<{ peer: P; key: string }> {
  const decoded = decode(kind, field, raw, accessor.codec);
  if (isLeft(decoded)) return decoded;
  const key = identityOf(kind, field, decoded.right, accessor);
  if (isLeft(key)) return key;
  return right({ peer: decoded.right, key: key.right });
}

export interface InboundReader<S, V, P, C> {
  proposal(peer: unknown, proposal: unknown, own: boolean, ticket?: Ticket): Read<Inbound<S, V, P, C>>;
  vote(proposer: unknown, voter: unknown, vote: unknown, own: boolean, ticket?: Ticket): Read<Inbound<S, V, P, C>>;
  liveness(peer: unknown, collected: unknown, own: boolean, ticket?: Ticket): Read<Inbound<S, V, P, C>>;
  confirmation(peer: unknown, confirmation: unknown, own: boolean, ticket?: Ticket): Read<Inbound<S, V, P, C>>;
}

export function createInboundReader<S, V, P, C>(domain: Domain<S, V, P, C>): InboundReader<S, V, P, C> {
  const peerAnd = <T, K extends 'proposal' | 'liveness' | 'confirmation'>(
    kind: K,
    field: string,
    accessor: RankedAccessor<T>,
  ) =>
    (rawPeer: unknown, rawItem: unknown, own: boolean, ticket?: Ticket): Read<Inbound<S, V, P, C>> => {
      const peer = readPeer(kind, 'peer', rawPeer, domain.peer);
      if (isLeft(peer)) return peer;
      const item = readRanked(kind, field, rawItem, accessor);
      if (isLeft(item)) return item;
      return right({
        type: 'inbound',
        kind,
        rank: item.right.rank,
        key: peer.right.key,
        itemId: item.right.itemId,
        peer: peer.right.peer,
        item: item.right.item,
        own,
        ticket,
      } as unknown as Inbound<S, V, P, C>);
    };

  return {
    proposal: peerAnd('proposal', 'proposal', domain.state),
    liveness: peerAnd('liveness', 'collected', domain.collected),
    confirmation: peerAnd('confirmation', 'confirmation', domain.state),
    vote(rawProposer, rawVoter, rawVote, own, ticket) {
      const proposer = readPeer('vote', 'proposer', rawProposer, domain.peer);
      if (isLeft(proposer)) return proposer;
      const voter = readPeer('vote', 'voter', rawVoter, domain.peer);
      if (isLeft(voter)) return voter;
      const vote = readRanked('vote', 'vote', rawVote, domain.vote);
      if (isLeft(vote)) return vote;
      return right({
        type: 'inbound',
        kind: 'vote',
        rank: vote.right.rank,
        key: voter.right.key,
        itemId: vote.right.itemId,
        peer: voter.right.peer,
        proposer: proposer.right.peer,
        item: vote.right.item,
        own,
        ticket,
      });
    },
  };
}
