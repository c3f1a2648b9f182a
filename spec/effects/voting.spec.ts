/**
 * voting alone: decide this node's one vote at the round's rank once `minimumProvers()` proposals
 * are in, re-publish a vote already cast instead of deciding again, wait for a decision already
 * in flight instead of asking twice, and reach `quorum_reached` only once voted, with a quorum of
 * votes and at least `minimumProvers()` proposals.
 */
import { NEVER, Subject } from 'rxjs';
import { voting } from '../../src/effects/voting';
import { createMemoryVoteStore } from '../../src/engine/vote-store';
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import {
  ballot,
  collect,
  createHarness,
  drain,
  event,
  frame,
  read,
  testScheduler,
  update,
  withStored,
  type Ballot,
  type Harness,
  type HarnessOptions,
  type In,
  type Peer,
  unexpected,
} from './harness';
import { leasedCall } from '../../src/operators/abort-lease';

const A = frame(6, 'a');
const B = frame(6, 'b');
const myVote = ballot(6, 'n1', 'a');
const proposals = [read.proposal('n2', A), read.proposal('n3', B)];
const base: HarnessOptions = { state: S.Voting, event: E.PublishComplete, minimumProvers: 2 };

/** Subscribe and keep what it emits; the caller unsubscribes. */
function watch(h: Harness): { values: In[]; stop(): void } {
  const values: In[] = [];
  const sub = voting(h.ctx).subscribe({ next: (v) => values.push(v), error: unexpected });
  return { values, stop: () => sub.unsubscribe() };
}

const voted = (proposer: Peer, vote: Ballot = myVote) =>
  update({ kind: 'voted', cast: { rank: 6, proposer, vote } });

describe('voting: deciding the vote', () => {
  it('with fewer proposals than the minimum: decides nothing and waits', () => {
    const h = createHarness(testScheduler(), { ...base, stored: [proposals[0]!] });
    const run = watch(h);
    expect(run.values).toEqual([]);
    expect(h.calls).toEqual([]);
    run.stop();
  });

  it('decides once the minimum number of proposals is stored, with a copy of exactly those proposals', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      stored: [proposals[0]!, read.proposal('n4', frame(7, 'later'))],
      answers: { decideAndSendVote: () => ({ proposer: 'n2', vote: myVote }) },
    });
    const run = watch(h);
    h.setCurrent(withStored(h.current(), proposals[1]!));
    h.changed();
    expect(run.values).toEqual([voted('n2')]);
    const [call] = h.callsTo('decideAndSendVote');
    expect(call!.args).toEqual([
      new Map([
        ['n2', A],
        ['n3', B],
      ]),
    ]);
    expect(call!.args[0]).toBeInstanceOf(Map);
    expect(h.voteStore.votedAt(6)).toEqual({ rank: 6, proposer: 'n2', vote: myVote });
    run.stop();
  });

  it('with emitReceiveEventsOnSends, records its own vote as received after casting it', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      emitReceiveEventsOnSends: true,
      stored: proposals,
      answers: { decideAndSendVote: () => ({ proposer: 'n2', vote: myVote }) },
    });
    const run = watch(h);
    expect(run.values).toEqual([
      voted('n2'),
      {
        type: 'inbound',
        kind: 'vote',
        rank: 6,
        key: 'n1',
        itemId: 'n1:a',
        peer: 'n1',
        proposer: 'n2',
        item: myVote,
        own: true,
      },
    ]);
    run.stop();
  });

  it('never decides twice at a rank: changes while a decision is in flight ask nothing more', () => {
    const answer = new Subject<{ proposer: Peer; vote: Ballot }>();
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      answers: { decideAndSendVote: () => answer, isQuorum: () => false },
    });
    const run = watch(h);
    h.setCurrent(withStored(h.current(), read.proposal('n4', frame(6, 'c'))));
    h.changed();
    h.changed();
    expect(h.callsTo('decideAndSendVote')).toHaveLength(1);
    answer.next({ proposer: 'n3', vote: myVote });
    expect(run.values).toEqual([voted('n3')]);
    h.changed();
    expect(h.callsTo('decideAndSendVote')).toHaveLength(1);
    run.stop();
  });

  it('a decision in flight from an earlier entry is waited for here, not asked again', () => {
    const answer = new Subject<{ proposer: Peer; vote: Ballot }>();
    const first = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      answers: { decideAndSendVote: () => answer },
    });
    watch(first).stop();
    const second = createHarness(testScheduler(), {
      ...base,
      event: E.VotingTimeout,
      stored: proposals,
      decisions: first.decisions,
      voteStore: first.voteStore,
      answers: { decideAndSendVote: () => NEVER },
    });
    const run = watch(second);
    expect(second.calls).toEqual([]);
    answer.next({ proposer: 'n2', vote: myVote });
    expect(run.values).toEqual([voted('n2')]);
    run.stop();
  });

  it('cancels decisions of ranks already over, on entry', () => {
    const h = createHarness(testScheduler(), { ...base });
    const signals: Record<number, AbortSignal> = {};
    for (const rank of [5, 6]) {
      h.decisions.at(rank, (lease) =>
        leasedCall(lease, 'voting.decideVote', (signal) => {
          signals[rank] = signal;
          return NEVER;
        }),
      );
    }
    const run = watch(h);
    expect([signals[5]!.aborted, signals[6]!.aborted]).toEqual([true, false]);
    expect([h.decisions.has(5), h.decisions.has(6)]).toEqual([false, true]);
    run.stop();
  });

  it('a vote recorded meanwhile wins over the one just decided, and is not recorded over', () => {
    const recorded = { rank: 6, proposer: 'n3', vote: ballot(6, 'n1', 'b') };
    const records: unknown[] = [];
    // A store that overwrites on record: the machine must not record over a vote already cast.
    const store = {
      cast: undefined as typeof recorded | undefined,
      votedAt: (rank: number) => (rank === 6 ? store.cast : undefined),
      record: (cast: typeof recorded) => {
        records.push(cast);
        store.cast = cast;
      },
    };
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      voteStore: store,
      answers: {
        decideAndSendVote: () => {
          store.cast = recorded;
          return { proposer: 'n2', vote: myVote };
        },
      },
    });
    const run = watch(h);
    expect(run.values).toEqual([update({ kind: 'voted', cast: recorded })]);
    expect(records).toEqual([]);
    run.stop();
  });

  it('re-entered after its vote was decided: re-publishes it once, never casts the decision again', () => {
    const first = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      answers: { decideVote: () => ({ proposer: 'n2', vote: myVote }), sendVote: () => 'n2' },
    });
    watch(first).stop();
    expect(first.decisions.has(6)).toBe(true);
    const again = createHarness(testScheduler(), {
      ...base,
      event: E.VotingTimeout,
      stored: proposals,
      decisions: first.decisions,
      voteStore: first.voteStore,
      answers: { decideVote: () => NEVER, sendVote: () => 'n2', isQuorum: () => false },
    });
    const run = watch(again);
    expect(again.callsTo('sendVote')).toHaveLength(1);
    expect(again.callsTo('decideVote')).toEqual([]);
    expect(run.values).toEqual([voted('n2')]);
    run.stop();
  });

  it('records a vote decideAndSendVote sends even when it answers after voting was left', async () => {
    let settle!: (v: { proposer: Peer; vote: Ballot }) => void;
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      answers: { decideAndSendVote: () => new Promise((resolve) => (settle = resolve)) },
    });
    watch(h).stop();
    h.decisions.close();
    settle({ proposer: 'n2', vote: myVote });
    await Promise.resolve();
    await Promise.resolve();
    expect(h.voteStore.votedAt(6)).toEqual({ rank: 6, proposer: 'n2', vote: myVote });
  });

  it('a late answer that cannot be recorded is reported, never thrown', async () => {
    let settle!: (v: { proposer: Peer; vote: Ballot }) => void;
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      voteStore: {
        votedAt: () => undefined,
        record: () => {
          throw new Error('disk full');
        },
      },
      answers: { decideAndSendVote: () => new Promise((resolve) => (settle = resolve)) },
    });
    watch(h).stop();
    h.decisions.close();
    settle({ proposer: 'n2', vote: myVote });
    await Promise.resolve();
    await Promise.resolve();
    expect(h.errors).toEqual(['voting: a vote sent by decideAndSendVote could not be recorded']);
  });

  it('a late answer without a vote is not recorded', async () => {
    let settle!: (v: unknown) => void;
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      answers: { decideAndSendVote: () => new Promise((resolve) => (settle = resolve)) as never },
    });
    watch(h).stop();
    h.decisions.close();
    settle({ proposer: 'n2' });
    await Promise.resolve();
    await Promise.resolve();
    expect(h.voteStore.votedAt(6)).toBeUndefined();
    expect(h.errors).toEqual([]);
  });

  it.each([
    ['without a vote', { proposer: 'n2' }, 'voting.decideVote', 'answer lacks vote'],
    ['that is not an object', 'yes', 'voting.decideVote', 'expected { proposer, vote }'],
  ])('an answer %s is a provider failure; nothing is recorded', async (_name, answer, provider, text) => {
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      answers: { decideAndSendVote: () => answer as never },
    });
    const { error, values } = await drain(voting(h.ctx));
    expect(error).toMatchObject({ provider });
    expect((error as Error).message).toContain(text);
    expect(values).toEqual([]);
    expect(h.voteStore.votedAt(6)).toBeUndefined();
  });

  it('a vote store that cannot record is a provider failure: the vote is not cast', async () => {
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      voteStore: {
        votedAt: () => undefined,
        record: () => {
          throw new Error('disk full');
        },
      },
      answers: { decideAndSendVote: () => ({ proposer: 'n2', vote: myVote }) },
    });
    const { error, values } = await drain(voting(h.ctx));
    expect(error).toMatchObject({ provider: 'voteStore.record' });
    expect(values).toEqual([]);
  });

  it('a failed decision can be asked again on a later change', async () => {
    let calls = 0;
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      answers: {
        decideAndSendVote: () => {
          calls++;
          throw new Error('busy');
        },
      },
    });
    expect((await drain(voting(h.ctx))).error).toMatchObject({ provider: 'voting.decideAndSendVote' });
    expect(h.decisions.has(6)).toBe(false);
    await drain(voting(h.ctx));
    expect(calls).toBe(2);
  });
});

describe('voting: with decideVote, the vote is recorded before it is sent', () => {
  it('decides with decideVote, records, then sends with sendVote and casts for the proposer sendVote names', () => {
    const order: string[] = [];
    const store = createMemoryVoteStore<Ballot, Peer>();
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      voteStore: store,
      answers: {
        decideVote: () => ({ proposer: 'n2', vote: myVote }),
        sendVote: (vote) => {
          order.push(`send ${vote.proposal}, recorded: ${store.votedAt(6) !== undefined}`);
          return 'n3';
        },
      },
    });
    const run = watch(h);
    expect(order).toEqual(['send a, recorded: true']);
    expect(h.callsTo('decideAndSendVote')).toEqual([]);
    expect(h.callsTo('decideVote')[0]!.args).toEqual([
      new Map([
        ['n2', A],
        ['n3', B],
      ]),
    ]);
    expect(run.values).toEqual([voted('n3')]);
    run.stop();
  });

  it('decideVote answering null (nothing to vote for yet): no vote, asked again after the next change', () => {
    const answers: ({ proposer: Peer; vote: Ballot } | null)[] = [null, { proposer: 'n2', vote: myVote }];
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      answers: {
        decideVote: () => answers.shift() as never,
        sendVote: () => 'n2',
        isQuorum: () => false,
      },
    });
    const run = watch(h);
    expect(run.values).toEqual([]);
    expect(h.decisions.has(6)).toBe(false);
    expect(h.voteStore.votedAt(6)).toBeUndefined();
    h.changed();
    expect(h.callsTo('decideVote')).toHaveLength(2);
    expect(run.values).toEqual([voted('n2')]);
    run.stop();
  });

  it('decideAndSendVote answering null is a provider failure (only decideVote may say "not yet")', async () => {
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      answers: { decideAndSendVote: () => null as never },
    });
    const { error } = await drain(voting(h.ctx));
    expect(error).toMatchObject({ provider: 'voting.decideVote' });
    expect((error as Error).message).toContain('expected { proposer, vote }, got null');
  });

  it('a failed decideVote names decideVote', async () => {
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      answers: { decideVote: () => Promise.reject(new Error('no key')) },
    });
    expect((await drain(voting(h.ctx))).error).toMatchObject({ provider: 'voting.decideVote' });
  });
});

describe('voting: once voted, the quorum', () => {
  const votes = [read.vote('n2', 'n1', myVote), read.vote('n2', 'n2', ballot(6, 'n2', 'a'))];
  const cast = { rank: 6, proposer: 'n2', vote: myVote };
  const votedStore = () => {
    const store = createMemoryVoteStore<Ballot, Peer>();
    store.record(cast);
    return store;
  };

  it('on entry, re-publishes the vote already cast (never decides again), then checks the quorum', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      stored: [...proposals, ...votes],
      voteStore: votedStore(),
      answers: { sendVote: () => 'n2', isQuorum: () => true },
    });
    const run = watch(h);
    expect(h.calls.map((c) => c.method)).toEqual(['sendVote', 'isQuorum']);
    expect(h.callsTo('sendVote')[0]!.args).toEqual([myVote]);
    expect(run.values).toEqual([voted('n2'), event(E.QuorumReached)]);
    run.stop();
  });

  it('casts for the proposer the re-publish names', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      voteStore: votedStore(),
      answers: { sendVote: () => 'n9', isQuorum: () => false },
    });
    const run = watch(h);
    expect(run.values).toEqual([voted('n9')]);
    run.stop();
  });

  it('asks isQuorum with the votes of the round in progress', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      stored: [...proposals, ...votes, read.vote('n2', 'n3', ballot(7, 'n3', 'x'))],
      voteStore: votedStore(),
      answers: { sendVote: () => 'n2', isQuorum: () => false },
    });
    const run = watch(h);
    const [call] = h.callsTo('isQuorum');
    expect(new Map(call!.args[0] as ReadonlyMap<string, Ballot>)).toEqual(
      new Map([
        ['n1', myVote],
        ['n2', ballot(6, 'n2', 'a')],
      ]),
    );
    expect(run.values).toEqual([voted('n2')]);
    run.stop();
  });

  it('no quorum yet: waits, and checks again after each change', () => {
    let quorum = false;
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      voteStore: votedStore(),
      answers: { sendVote: () => 'n2', isQuorum: () => quorum },
    });
    const run = watch(h);
    expect(run.values).toEqual([voted('n2')]);
    quorum = true;
    h.changed();
    expect(run.values).toEqual([voted('n2'), event(E.QuorumReached)]);
    expect(h.callsTo('isQuorum')).toHaveLength(2);
    run.stop();
  });

  it('a quorum of votes with fewer proposals than the minimum is not enough', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      stored: [proposals[0]!, ...votes],
      voteStore: votedStore(),
      answers: { sendVote: () => 'n2', isQuorum: () => true },
    });
    const run = watch(h);
    expect(run.values).toEqual([voted('n2')]);
    h.setCurrent(withStored(h.current(), proposals[1]!));
    h.changed();
    expect(run.values).toEqual([voted('n2'), event(E.QuorumReached)]);
    run.stop();
  });

  it('does not ask about a quorum before voting', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      stored: [proposals[0]!, ...votes],
      answers: { isQuorum: () => true },
    });
    const run = watch(h);
    h.changed();
    expect(h.calls).toEqual([]);
    expect(run.values).toEqual([]);
    run.stop();
  });

  it('a quorum answer that is not a boolean is a provider failure', async () => {
    const h = createHarness(testScheduler(), {
      ...base,
      stored: proposals,
      voteStore: votedStore(),
      answers: { sendVote: () => 'n2', isQuorum: () => 'yes' as never },
    });
    const { error } = await drain(voting(h.ctx));
    expect(error).toMatchObject({ provider: 'voting.isQuorum' });
    expect((error as Error).message).toContain('expected a boolean');
  });

  it('a re-publish answering no proposer is a provider failure', async () => {
    const h = createHarness(testScheduler(), {
      ...base,
      voteStore: votedStore(),
      answers: { sendVote: () => undefined as never },
    });
    expect((await drain(voting(h.ctx))).error).toMatchObject({ provider: 'voting.sendVote' });
  });
});

describe('voting: entered by its own timeout', () => {
  it('tells the provider the round timed out, and goes on voting', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      event: E.VotingTimeout,
      stored: proposals,
      answers: { sendTimeout: () => undefined, decideAndSendVote: () => ({ proposer: 'n2', vote: myVote }) },
    });
    const { values } = collect(voting(h.ctx));
    expect(h.calls.map((c) => [c.method, c.args])).toEqual([
      ['sendTimeout', [6]],
      [
        'decideAndSendVote',
        [
          new Map([
            ['n2', A],
            ['n3', B],
          ]),
        ],
      ],
    ]);
    expect(values).toEqual([voted('n2')]);
  });

  it('entered otherwise, reports no timeout', () => {
    const h = createHarness(testScheduler(), { ...base, answers: { sendTimeout: () => undefined } });
    collect(voting(h.ctx));
    expect(h.calls).toEqual([]);
  });

  it('a provider without sendTimeout is fine', () => {
    const h = createHarness(testScheduler(), { ...base, event: E.VotingTimeout });
    expect(collect(voting(h.ctx)).error).toBeUndefined();
  });
});
