/**
 * Reading inbound messages alone: any JavaScript value in, a validated inbound record or a typed
 * refusal naming the field out; the domain's accessors and codecs are user code, guarded; a
 * non-member is refused before its item is read; what is read is a frozen copy.
 */
import * as t from 'io-ts';
import { isLeft, isRight, type Either } from 'fp-ts/Either';
import { adoptDecoded } from '../../src/engine/own-copy';
import { createInboundReader } from '../../src/engine/read-inbound';
import type { Domain } from '../../src/engine/types';
import { domain, type Ballot, type Frame, type Mutations, type Peer } from '../support/fixture';

const reader = createInboundReader(domain);

function right<L, R>(e: Either<L, R>): R {
  if (isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
}
function left<L, R>(e: Either<L, R>): L {
  if (isRight(e)) throw new Error('expected Left');
  return e.left;
}

describe('reading inbound messages', () => {
  it('reads a proposal, a liveness check and a confirmation from a peer', () => {
    expect(right(reader.proposal('n2', { rank: 6, id: 'f6' }, false))).toEqual({
      type: 'inbound',
      kind: 'proposal',
      rank: 6,
      key: 'n2',
      itemId: 'f6',
      peer: 'n2',
      item: { rank: 6, id: 'f6' },
      own: false,
    });
    expect(right(reader.liveness('n3', { rank: 7, id: 'm7' }, true))).toMatchObject({
      kind: 'liveness',
      rank: 7,
      key: 'n3',
      itemId: 'm7',
      own: true,
    });
    expect(right(reader.confirmation('n4', { rank: 2, id: 'c2' }, false))).toMatchObject({
      kind: 'confirmation',
      rank: 2,
      key: 'n4',
      itemId: 'c2',
    });
  });

  it('reads a vote: keyed by its voter, with its proposer', () => {
    expect(right(reader.vote('n2', 'n3', { rank: 6, voter: 'n3', proposal: 'f6' }, true))).toEqual({
      type: 'inbound',
      kind: 'vote',
      rank: 6,
      key: 'n3',
      itemId: 'n3:f6',
      peer: 'n3',
      proposer: 'n2',
      item: { rank: 6, voter: 'n3', proposal: 'f6' },
      own: true,
      ticket: undefined,
    });
  });

  it('stores a frozen copy: the sender changing its object later changes nothing', () => {
    const sent = { rank: 6, id: 'f6' };
    const read = right(reader.proposal('n2', sent, false));
    sent.id = 'changed';
    expect(read.item).toEqual({ rank: 6, id: 'f6' });
    expect(Object.isFrozen(read.item)).toBe(true);
  });

  it.each([
    [
      'a missing item',
      () => reader.proposal('n2', undefined, false),
      'proposal',
      'proposal',
      'expected a value, got undefined',
    ],
    [
      'a null peer',
      () => reader.liveness(null, { rank: 1, id: 'm' }, false),
      'liveness',
      'peer',
      'expected a value, got null',
    ],
    [
      'an empty identity',
      () => reader.proposal('n2', { rank: 1, id: '' }, false),
      'proposal',
      'proposal',
      'identity must be a non-empty string, got string ""',
    ],
    [
      'a numeric identity',
      () => reader.confirmation('n2', { rank: 1, id: 5 }, false),
      'confirmation',
      'confirmation',
      'identity must be a non-empty string, got number 5',
    ],
    [
      'a peer without identity',
      () => reader.proposal('', { rank: 1, id: 'x' }, false),
      'proposal',
      'peer',
      'identity must be a non-empty string, got string ""',
    ],
    [
      'a negative rank',
      () => reader.proposal('n2', { rank: -1, id: 'x' }, false),
      'proposal',
      'proposal',
      'rank must be a non-negative safe integer, got number -1',
    ],
    [
      'a fractional rank',
      () => reader.liveness('n2', { rank: 0.5, id: 'x' }, false),
      'liveness',
      'collected',
      'rank must be a non-negative safe integer, got number 0.5',
    ],
    [
      'a string rank',
      () => reader.proposal('n2', { rank: '3', id: 'x' }, false),
      'proposal',
      'proposal',
      'rank must be a non-negative safe integer, got string "3"',
    ],
    [
      'an unsafe rank',
      () => reader.proposal('n2', { rank: 2 ** 53, id: 'x' }, false),
      'proposal',
      'proposal',
      'rank must be a non-negative safe integer, got number 9007199254740992',
    ],
    [
      'a null voter',
      () => reader.vote('n2', null, { rank: 1, voter: 'n3', proposal: 'f' }, false),
      'vote',
      'voter',
      'expected a value, got null',
    ],
    [
      'a null proposer',
      () => reader.vote(null, 'n3', { rank: 1, voter: 'n3', proposal: 'f' }, false),
      'vote',
      'proposer',
      'expected a value, got null',
    ],
    [
      'a vote without rank',
      () => reader.vote('n2', 'n3', { voter: 'n3', proposal: 'f' }, false),
      'vote',
      'vote',
      'rank must be a non-negative safe integer, got undefined',
    ],
  ])('refuses %s as malformed, naming the field', (_name, readIt, kind, field, problem) => {
    expect(left(readIt())).toEqual({ reason: 'malformed', kind, field, problem });
  });

  it('names the vote itself when the vote is missing or its identity unreadable', () => {
    expect(left(reader.vote('n2', 'n3', undefined, false))).toEqual({
      reason: 'malformed',
      kind: 'vote',
      field: 'vote',
      problem: 'expected a value, got undefined',
    });
    const noId = createInboundReader<Frame, Ballot, Peer, Mutations>({
      ...domain,
      vote: { identity: () => '', rank: (v) => v.rank },
    });
    expect(left(noId.vote('n2', 'n3', { rank: 1, voter: 'n3', proposal: 'f' }, false))).toEqual({
      reason: 'malformed',
      kind: 'vote',
      field: 'vote',
      problem: 'identity must be a non-empty string, got string ""',
    });
  });

  it('refuses an item it cannot copy', () => {
    expect(left(reader.proposal('n2', new WeakMap(), false))).toMatchObject({
      reason: 'malformed',
      kind: 'proposal',
      field: 'proposal',
      problem: expect.stringContaining('expected data that can be copied') as unknown,
    });
  });

  it('refuses when an accessor throws, naming it, and never throws itself', () => {
    const throwing: Domain<Frame, Ballot, Peer, Mutations> = {
      ...domain,
      state: {
        identity: () => {
          throw new Error('no id');
        },
        rank: () => 1,
      },
      collected: {
        identity: (c) => c.id,
        rank: () => {
          throw new Error('no rank');
        },
      },
    };
    const r = createInboundReader(throwing);
    expect(left(r.proposal('n2', { rank: 1, id: 'x' }, false))).toEqual({
      reason: 'malformed',
      kind: 'proposal',
      field: 'proposal',
      problem: 'identity() threw Error: no id',
    });
    expect(left(r.liveness('n2', { rank: 1, id: 'x' }, false))).toEqual({
      reason: 'malformed',
      kind: 'liveness',
      field: 'collected',
      problem: 'rank() threw Error: no rank',
    });
  });

  describe('membership', () => {
    const members = createInboundReader<Frame, Ballot, Peer, Mutations>({
      ...domain,
      peer: { identity: (p) => p, isMember: (p) => p.startsWith('n') },
    });

    it('a member is read', () => {
      expect(right(members.proposal('n2', { rank: 1, id: 'x' }, false)).key).toBe('n2');
    });

    it('anyone else is refused as unknown_peer, naming which peer, before the item is read', () => {
      expect(left(members.proposal('x9', undefined, false))).toEqual({
        reason: 'unknown_peer',
        kind: 'proposal',
        field: 'peer',
        peerId: 'x9',
      });
      expect(left(members.vote('x8', 'n3', undefined, false))).toEqual({
        reason: 'unknown_peer',
        kind: 'vote',
        field: 'proposer',
        peerId: 'x8',
      });
      expect(left(members.vote('n2', 'x7', undefined, false))).toEqual({
        reason: 'unknown_peer',
        kind: 'vote',
        field: 'voter',
        peerId: 'x7',
      });
    });

    it('only a true answer admits: a truthy one does not', () => {
      const truthy = createInboundReader<Frame, Ballot, Peer, Mutations>({
        ...domain,
        peer: { identity: (p) => p, isMember: () => 1 as unknown as boolean },
      });
      expect(left(truthy.proposal('n2', { rank: 1, id: 'x' }, false))).toMatchObject({
        reason: 'unknown_peer',
      });
    });

    it('a throwing isMember refuses the message as malformed', () => {
      const broken = createInboundReader<Frame, Ballot, Peer, Mutations>({
        ...domain,
        peer: {
          identity: (p) => p,
          isMember: () => {
            throw new Error('offline');
          },
        },
      });
      expect(left(broken.liveness('n2', { rank: 1, id: 'x' }, false))).toEqual({
        reason: 'malformed',
        kind: 'liveness',
        field: 'peer',
        problem: 'isMember() threw Error: offline',
      });
    });
  });

  describe('with codecs', () => {
    const FrameC = t.type({ rank: t.number, id: t.string });
    const coded = createInboundReader<Frame, Ballot, Peer, Mutations>({
      ...domain,
      state: { ...domain.state, codec: FrameC },
      peer: { ...domain.peer, codec: t.string },
    });

    it('decodes the item and the peer', () => {
      expect(right(coded.proposal('n2', { rank: 3, id: 'f3' }, false)).item).toEqual({ rank: 3, id: 'f3' });
    });

    it('refuses what does not decode, naming the field path and what was expected', () => {
      expect(left(coded.proposal('n2', { rank: 'x', id: 'f3' }, false))).toEqual({
        reason: 'malformed',
        kind: 'proposal',
        field: 'proposal.rank',
        problem: 'expected number, got string "x"',
      });
      expect(left(coded.proposal(7, { rank: 3, id: 'f3' }, false))).toEqual({
        reason: 'malformed',
        kind: 'proposal',
        field: 'peer',
        problem: 'expected string, got number 7',
      });
    });

    it('a codec that throws refuses the message', () => {
      const throwing = createInboundReader<Frame, Ballot, Peer, Mutations>({
        ...domain,
        state: {
          ...domain.state,
          codec: new t.Type<Frame, unknown>(
            'Boom',
            (_u): _u is Frame => false,
            () => {
              throw new Error('boom');
            },
            (a) => a,
          ),
        },
      });
      expect(left(throwing.confirmation('n2', { rank: 3, id: 'f3' }, false))).toEqual({
        reason: 'malformed',
        kind: 'confirmation',
        field: 'confirmation',
        problem: 'decoding threw Error: boom',
      });
    });

    it('a codec whose answer cannot be read refuses the message, naming the kind, and never throws', () => {
      const lost = <T>() =>
        new t.Type<T, unknown>(
          'Lost',
          (_u): _u is T => false,
          () =>
            ({
              get _tag(): never {
                throw new Error('lost');
              },
            }) as never,
          (a) => a,
        );
      const broken = createInboundReader<Frame, Ballot, Peer, Mutations>({
        ...domain,
        state: { ...domain.state, codec: lost<Frame>() },
        vote: { ...domain.vote, codec: lost<Ballot>() },
      });
      expect(left(broken.proposal('n2', { rank: 3, id: 'f3' }, false))).toEqual({
        reason: 'malformed',
        kind: 'proposal',
        field: 'proposal',
        problem: 'reading it threw Error: lost',
      });
      expect(left(broken.vote('n2', 'n3', { rank: 3, voter: 'n3', proposal: 'f3' }, false))).toEqual({
        reason: 'malformed',
        kind: 'vote',
        field: 'vote',
        problem: 'reading it threw Error: lost',
      });
    });
  });
});

describe('an item this package decoded at its edge', () => {
  const FrameC = t.type({ rank: t.number, id: t.string });
  const coded = createInboundReader({ ...domain, state: { ...domain.state, codec: FrameC } } as Domain<
    Frame,
    Ballot,
    Peer,
    Mutations
  >);

  it('is stored as it is when adopted with the codec that reads it: no copy, no second decoding', () => {
    const frame = { rank: 6, id: 'f6' };
    adoptDecoded(frame, FrameC);
    expect(right(coded.proposal('n2', frame, false)).item).toBe(frame);
  });

  it('is copied like any value when adopted with another codec, or not adopted', () => {
    const other = { rank: 6, id: 'f6' };
    adoptDecoded(other, t.type({ rank: t.number }));
    expect(right(coded.proposal('n2', other, false)).item).not.toBe(other);
    const plain = { rank: 6, id: 'f6' };
    const read = right(coded.proposal('n2', plain, false)).item;
    expect(read).not.toBe(plain);
    expect(read).toEqual(plain);
  });
});
