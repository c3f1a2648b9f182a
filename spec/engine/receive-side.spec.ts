/**
 * The receive side alone (`createReceiveSide`) with a fake machine behind it: each `receive*`
 * method reads its message, hands a good one to the machine and answers with its verdict, refuses
 * a bad one with the reason (also published); the receive Observers build no answer, read their
 * messages defensively and outlive their transport.
 */
import { isLeft, type Either } from 'fp-ts/Either';
import type { Input } from '../../src/engine/inputs';
import { createInboundReader } from '../../src/engine/read-inbound';
import { createReceiveSide } from '../../src/runtime/receive-side';
import type { RejectionDetails } from '../../src/engine/rejection';
import type { Outcome } from '../../src/engine/outcome';
import { domain, type Ballot, type Frame, type Mutations, type Peer } from '../support/fixture';

type In = Input<Frame, Ballot, Peer, Mutations>;

/** `outcome`: what the fake machine folds each input to; `null`: it has not folded it yet. */
function side(outcome: Outcome | null = { type: 'stored', kind: 'proposal' }) {
  const submitted: In[] = [];
  const published: RejectionDetails[] = [];
  const errors: string[] = [];
  const traces: string[] = [];
  let closed = false;
  const receive = createReceiveSide<Frame, Ballot, Peer, Mutations>({
    read: createInboundReader(domain),
    tracer: { trace: (m) => traces.push(m), error: (m) => errors.push(m) },
    isClosed: () => closed,
    submit: (input) => {
      submitted.push(input);
      // The machine folds the input at once (its outcome), or later (undefined).
      return outcome ?? undefined;
    },
    refuse: (d) => void published.push(d),
  });
  return { receive, submitted, published, errors, traces, close: () => (closed = true) };
}

const details = <L extends { details: unknown }, R>(e: Either<L, R>): unknown =>
  isLeft(e) ? e.left.details : undefined;

describe('the receive side', () => {
  it('hands each kind of message to the machine, read, and answers with its verdict', () => {
    const s = side();
    const stored = { _tag: 'Right', right: { status: 'stored' } };
    expect(s.receive.receiveProposal('n2', { rank: 6, id: 'f6' })).toEqual(stored);
    expect(s.receive.receiveVote('n2', 'n3', { rank: 6, voter: 'n3', proposal: 'f6' })).toEqual(stored);
    expect(s.receive.receiveLivenessCheck('n4', { rank: 6, id: 'm6' })).toEqual(stored);
    expect(s.receive.receiveConfirmation('n5', { rank: 5, id: 'f5' })).toEqual(stored);
    expect(s.submitted.map((i) => i.type === 'inbound' && [i.kind, i.key, i.rank, i.own])).toEqual([
      ['proposal', 'n2', 6, false],
      ['vote', 'n3', 6, false],
      ['liveness', 'n4', 6, false],
      ['confirmation', 'n5', 5, false],
    ]);
    expect(s.published).toEqual([]);
  });

  it("answers with the machine's verdict, or queued when the machine has not folded it yet", () => {
    const transition = { from: 'voting', to: 'voting', event: 'vote_received', at: 0 } as const;
    expect(
      side({ type: 'transition', transition }).receive.receiveVote('n2', 'n3', {
        rank: 6,
        voter: 'n3',
        proposal: 'f',
      }),
    ).toEqual({
      _tag: 'Right',
      right: { status: 'transition', transition },
    });
    expect(side(null).receive.receiveProposal('n2', { rank: 6, id: 'f6' })).toEqual({
      _tag: 'Right',
      right: { status: 'queued' },
    });
    const refused = side({
      type: 'rejected',
      rejection: { reason: 'stale', kind: 'proposal', rank: 1, activeRank: 5 },
    });
    expect(details(refused.receive.receiveProposal('n2', { rank: 1, id: 'f1' }))).toEqual({
      reason: 'stale',
      kind: 'proposal',
      rank: 1,
      activeRank: 5,
    });
  });

  it('refuses an unreadable message with the reason, publishes it, and does not bother the machine', () => {
    const s = side();
    const answer = s.receive.receiveLivenessCheck('n2', { rank: -1, id: 'm' });
    const expected = {
      reason: 'malformed',
      kind: 'liveness',
      field: 'collected',
      problem: 'rank must be a non-negative safe integer, got number -1',
    };
    expect(details(answer)).toEqual(expected);
    expect(s.published).toEqual([expected]);
    expect(s.submitted).toEqual([]);
  });

  it('once the machine is closed, refuses everything as closed', () => {
    const s = side();
    s.close();
    for (const answer of [
      s.receive.receiveProposal('n2', { rank: 6, id: 'f6' }),
      s.receive.receiveVote('n2', 'n3', { rank: 6, voter: 'n3', proposal: 'f' }),
      s.receive.receiveConfirmation('n2', { rank: -1, id: 'bad' }),
    ])
      expect(details(answer)).toEqual({ reason: 'closed' });
    expect(s.submitted).toEqual([]);
    expect(s.published).toEqual([]);
  });

  describe('the receive Observers', () => {
    it('deliver each kind of message by its fields, without asking for a verdict', () => {
      const s = side();
      s.receive.receive.proposal.next({ peer: 'n2', proposal: { rank: 6, id: 'f6' } });
      s.receive.receive.vote.next({
        proposer: 'n2',
        voter: 'n3',
        vote: { rank: 6, voter: 'n3', proposal: 'f6' },
      });
      s.receive.receive.liveness.next({ peer: 'n4', collected: { rank: 6, id: 'm6' } });
      s.receive.receive.confirmation.next({ peer: 'n5', confirmation: { rank: 5, id: 'f5' } });
      expect(s.submitted.map((i) => i.type === 'inbound' && [i.kind, i.key])).toEqual([
        ['proposal', 'n2'],
        ['vote', 'n3'],
        ['liveness', 'n4'],
        ['confirmation', 'n5'],
      ]);
    });

    it('publish a message that is not an object, or whose field cannot be read, as malformed', () => {
      const s = side();
      s.receive.receive.vote.next(null as never);
      const trap = new Proxy(
        {},
        {
          get: () => {
            throw new Error('trap');
          },
        },
      );
      s.receive.receive.proposal.next(trap as never);
      expect(s.published).toEqual([
        { reason: 'malformed', kind: 'vote', field: 'proposer', problem: 'expected an object, got null' },
        { reason: 'malformed', kind: 'proposal', field: 'peer', problem: 'reading it threw Error: trap' },
      ]);
      expect(s.submitted).toEqual([]);
    });

    it('publish an unreadable message as refused', () => {
      const s = side();
      s.receive.receive.confirmation.next({ peer: 'n2', confirmation: { rank: 'x', id: 'c' } as never });
      expect(s.published).toMatchObject([
        { reason: 'malformed', kind: 'confirmation', field: 'confirmation' },
      ]);
    });

    it('outlive their transport: an error is reported, a completion traced, and they keep delivering', () => {
      const s = side();
      s.receive.receive.vote.error(new Error('socket reset'));
      s.receive.receive.liveness.complete();
      expect(s.errors).toEqual(['receive.vote: the transport errored; ignored, the machine keeps running']);
      expect(s.traces).toEqual(['receive.liveness: the transport completed; the machine keeps running']);
      s.receive.receive.liveness.next({ peer: 'n4', collected: { rank: 6, id: 'm6' } });
      expect(s.submitted).toHaveLength(1);
    });
  });
});
