/**
 * Reading inbound messages: turn whatever a transport or caller handed us (any JavaScript value)
 * into a validated `Inbound` record, or a typed rejection naming the field. Each argument is
 * first copied into frozen data of our own (`own-copy.ts`), read once; the peer comes first and,
 * when the domain can tell members, a non-member is refused before its item is even copied.
 * Codecs from the domain decode next; then identity and rank are read through the domain
 * accessors, guarded, so the pure reducer never runs user code.
 */
import { isLeft, left, right, type Either } from 'fp-ts/Either';
import type * as t from 'io-ts';
import { describeError, describeValue } from '../guard/describe';
import { reportFirst } from '../guard/io-ts-report';
import { MESSAGE_KINDS } from '../machine/message-kinds';
import type { Inbound, InboundKind } from './inputs';
import { decodedBy, NotCopyable, ownCopy } from './own-copy';
import type { RejectionDetails } from './rejection';
import type { Domain, PeerAccessor, RankedAccessor } from './types';

type Refused = Extract<RejectionDetails, { reason: 'malformed' | 'unknown_peer' }>;
type Read<T> = Either<Refused, T>;

/** Thrown internally to leave a read early; caught at the reader's edge and never escapes. */
class Unreadable {
  constructor(readonly details: Refused) {}
}

const fail = (kind: InboundKind, field: string, problem: string): never => {
  throw new Unreadable({ reason: 'malformed', kind, field, problem });
};

function decode<T>(kind: InboundKind, field: string, raw: unknown, codec: t.Type<T, unknown> | undefined): T {
  // Decoded by this codec at the package's edge and frozen there: already the machine's own.
  if (decodedBy(raw, codec)) return raw as T;
  let value: unknown;
  try {
    value = ownCopy(raw);
  } catch (err) {
    return fail(kind, field, err instanceof NotCopyable ? err.problem : describeError(err));
  }
  if (codec === undefined) {
    if (value === null || value === undefined)
      fail(kind, field, `expected a value, got ${describeValue(value)}`);
    return value as T;
  }
  let decoded: t.Validation<T>;
  try {
    decoded = codec.decode(value);
  } catch (err) {
    return fail(kind, field, `decoding threw ${describeError(err)}`);
  }
  if (isLeft(decoded)) {
    const { field: path, problem } = reportFirst(decoded.left, field);
    return fail(kind, path, problem);
  }
  return decoded.right;
}

function identityOf<T>(
  kind: InboundKind,
  field: string,
  value: T,
  accessor: { identity(v: T): string },
): string {
  let id: unknown;
  try {
    id = accessor.identity(value);
  } catch (err) {
    return fail(kind, field, `identity() threw ${describeError(err)}`);
  }
  if (typeof id !== 'string' || id.length === 0) {
    fail(kind, field, `identity must be a non-empty string, got ${describeValue(id)}`);
  }
  return id as string;
}

function rankOf<T>(kind: InboundKind, field: string, value: T, accessor: RankedAccessor<T>): number {
  let rank: unknown;
  try {
    rank = accessor.rank(value);
  } catch (err) {
    return fail(kind, field, `rank() threw ${describeError(err)}`);
  }
  if (typeof rank !== 'number' || !Number.isSafeInteger(rank) || rank < 0) {
    fail(kind, field, `rank must be a non-negative safe integer, got ${describeValue(rank)}`);
  }
  return rank as number;
}

/** The peer and its identity; a peer the domain says is not a member is refused here. */
function readPeer<P>(
  kind: InboundKind,
  field: string,
  raw: unknown,
  accessor: PeerAccessor<P>,
): { readonly peer: P; readonly id: string } {
  const peer = decode(kind, field, raw, accessor.codec);
  const id = identityOf(kind, field, peer, accessor);
  if (accessor.isMember !== undefined) {
    let member: unknown;
    try {
      member = accessor.isMember(peer);
    } catch (err) {
      return fail(kind, field, `isMember() threw ${describeError(err)}`);
    }
    if (member !== true) throw new Unreadable({ reason: 'unknown_peer', kind, field, peerId: id });
  }
  return { peer, id };
}

/** A read's early exit (or anything else it threw) as a `Left`; it never escapes. */
function unreadable(kind: InboundKind, err: unknown): Read<never> {
  if (err instanceof Unreadable) return left(err.details);
  return left({ reason: 'malformed', kind, field: kind, problem: `reading it threw ${describeError(err)}` });
}

export interface InboundReader<S, V, P, C> {
  proposal(peer: unknown, proposal: unknown, own: boolean): Read<Inbound<S, V, P, C>>;
  vote(proposer: unknown, voter: unknown, vote: unknown, own: boolean): Read<Inbound<S, V, P, C>>;
  liveness(peer: unknown, collected: unknown, own: boolean): Read<Inbound<S, V, P, C>>;
  confirmation(peer: unknown, confirmation: unknown, own: boolean): Read<Inbound<S, V, P, C>>;
}

export function createInboundReader<S, V, P, C>(domain: Domain<S, V, P, C>): InboundReader<S, V, P, C> {
  // Each reader is one function with its own try/catch: no closure per message on this hot path.
  const fromPeer =
    <T>(kind: 'proposal' | 'liveness' | 'confirmation', field: string, accessor: RankedAccessor<T>) =>
    (rawPeer: unknown, rawItem: unknown, own: boolean): Read<Inbound<S, V, P, C>> => {
      try {
        const { peer, id: key } = readPeer(kind, 'peer', rawPeer, domain.peer);
        const item = decode(kind, field, rawItem, accessor.codec);
        const itemId = identityOf(kind, field, item, accessor);
        const rank = rankOf(kind, field, item, accessor);
        return right({
          type: 'inbound',
          kind,
          rank,
          key,
          itemId,
          peer,
          item,
          own,
        } as unknown as Inbound<S, V, P, C>);
      } catch (err) {
        return unreadable(kind, err);
      }
    };

  return {
    proposal: fromPeer('proposal', MESSAGE_KINDS.proposal.item, domain.state),
    liveness: fromPeer('liveness', MESSAGE_KINDS.liveness.item, domain.collected),
    confirmation: fromPeer('confirmation', MESSAGE_KINDS.confirmation.item, domain.state),
    vote: (rawProposer, rawVoter, rawVote, own) => {
      try {
        const { peer: proposer } = readPeer('vote', 'proposer', rawProposer, domain.peer);
        const { peer: voter, id: key } = readPeer('vote', 'voter', rawVoter, domain.peer);
        const vote = decode('vote', 'vote', rawVote, domain.vote.codec);
        const itemId = identityOf('vote', 'vote', vote, domain.vote);
        const rank = rankOf('vote', 'vote', vote, domain.vote);
        return right({
          type: 'inbound',
          kind: 'vote',
          rank,
          key,
          itemId,
          peer: voter,
          proposer,
          item: vote,
          own,
        });
      } catch (err) {
        return unreadable('vote', err);
      }
    },
  };
}
