/**
 * One state entry alone (`enterState`): the state's decision raced with its (backed-off) timeout
 * while its data is folded as it comes, both cancelled and the entry's signal fired when the
 * entry is left; a provider failure becomes `induce_sync` naming the provider (the reducer counts
 * it), anything else an engine fault.
 */
import { finalize, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { createMemoryVoteStore } from '../../src/engine/vote-store';
import { enterState, entryTimeout, type EntryDeps } from '../../src/runtime/entry';
import { STATE_EFFECTS } from '../../src/effects';
import { ALL_STATES } from '../../src/machine/states';
import { BACKED_OFF_STATES, DEFAULT_ROUND_BACKOFF, DEFAULT_TIMEOUTS } from '../../src/machine/timeouts';
import { createInboundReader } from '../../src/engine/read-inbound';
import { initialSnapshot } from '../../src/engine/snapshot';
import type { Providers } from '../../src/engine/types';
import { PendingDecisions } from '../../src/effects/pending-decisions';
import { MachineEvent as E, MachineState as S, type MachineState } from '../../src/machine/states';
import { domain, type Ballot, type Frame, type Mutations, type Peer } from '../support/fixture';

type P = Providers<Frame, Ballot, Peer, Mutations>;

function setup(
  scheduler: TestScheduler,
  providers: Partial<Record<string, unknown>>,
  extra: Partial<EntryDeps<Frame, Ballot, Peer, Mutations>> = {},
  effects: Partial<EntryDeps<Frame, Ballot, Peer, Mutations>['effects']> = {},
) {
  const errors: string[] = [];
  const folded: unknown[] = [];
  const deps: EntryDeps<Frame, Ballot, Peer, Mutations> = {
    effects: {
      self: 'n1',
      selfId: 'n1',
      domain,
      providers: {
        sync: {},
        voting: {},
        leader: {},
        liveness: {},
        ...providers,
      } as unknown as P,
      voteStore: createMemoryVoteStore(),
      emitReceiveEventsOnSends: false,
      syncRetryDelay: 10_000,
      rankWindow: 16,
      scheduler,
      tracer: { trace: () => undefined, error: (m) => errors.push(m) },
      read: createInboundReader(domain),
      decisions: new PendingDecisions(),
      failureBackoff: { initial: 100, max: 10_000 },
      minimumProvers: () => 1,
      current: () => snapshot(S.Stopped),
      changes$: new Subject<void>(),
      ...effects,
    },
    timeouts: undefined,
    roundBackoff: { factor: 2, max: 60_000 },
    scheduler,
    tracer: { trace: () => undefined, error: (m) => errors.push(m) },
    fold: (input) => void folded.push(input),
    ...extra,
  };
  return { deps, errors, folded };
}

const snapshot = (state: MachineState, failedRanks = 0) => ({
  ...initialSnapshot<Frame, Ballot, Peer, Mutations>({ rank: 5, id: 'f5' }, 5, 0),
  state,
  transitionCount: 3,
  failedRanks,
});

const scheduler = () => new TestScheduler((a, b) => expect(a).toEqual(b));
const ev = (event: E) => ({ type: 'event', event, epoch: 3 });

describe('enterState', () => {
  it('every state with an effect has a timeout, and so does every state that backs off', () => {
    // enterState relies on it: no timeout means no effect, and a backed-off timeout has a base.
    for (const state of ALL_STATES) {
      if (STATE_EFFECTS[state] !== undefined || BACKED_OFF_STATES.has(state))
        expect({ state, timeout: DEFAULT_TIMEOUTS[state] !== undefined }).toEqual({ state, timeout: true });
    }
    const failing = { ...initialSnapshot<Frame, Peer, Peer, Mutations>(null, -1, 0), failedRanks: 2 };
    for (const state of BACKED_OFF_STATES)
      expect(entryTimeout({ ...failing, state }, {}, DEFAULT_ROUND_BACKOFF)?.ms).toBe(
        DEFAULT_TIMEOUTS[state]!.ms * 4,
      );
  });

  it('a state without effect or timeout (stopped) does nothing', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const { deps } = setup(ts, {});
      expectObservable(enterState(deps, snapshot(S.Stopped), E.CleanupComplete)).toBe('|');
    });
  });

  it('a state without effect fires its timeout event (starting)', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const { deps } = setup(ts, {});
      expectObservable(enterState(deps, snapshot(S.Starting), E.Start)).toBe('1000ms (a|)', {
        a: ev(E.InitComplete),
      });
    });
  });

  it('the timeout takes the per-state override', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const { deps } = setup(ts, {}, { timeouts: { [S.Starting]: 30 } });
      expectObservable(enterState(deps, snapshot(S.Starting), E.Start)).toBe('30ms (a|)', {
        a: ev(E.InitComplete),
      });
    });
  });

  it("the round's timeout backs off with the ranks failed in a row", () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const { deps } = setup(
        ts,
        { voting: { isQuorum: () => false } },
        { timeouts: { [S.Voting]: 100 }, roundBackoff: { factor: 3, max: 10_000 } },
      );
      expectObservable(enterState(deps, snapshot(S.Voting, 2), E.PublishComplete), '^ 2000ms !').toBe(
        '900ms (a|)',
        { a: ev(E.VotingTimeout) },
      );
    });
  });

  it("the effect's data is folded as it comes, and its decision wins the race with the timeout", () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable, flush }) => {
      const { deps, folded } = setup(
        ts,
        {
          liveness: {
            collect: () => cold('5ms a', { a: { rank: 6, id: 'm6' } }),
            sendLiveness: () => undefined,
          },
          leader: { getNextLeaders: () => ['n1'] },
        },
        { timeouts: { [S.Collecting]: 20 } },
      );
      // The decision at 5 ms ends the entry: the timeout (20 ms) never fires.
      expectObservable(enterState(deps, snapshot(S.Collecting), E.SyncComplete)).toBe('5ms (c|)', {
        c: ev(E.CollectionDone),
      });
      flush();
      expect(folded).toEqual([
        { type: 'update', epoch: 3, update: { kind: 'collected', collected: { rank: 6, id: 'm6' } } },
        { type: 'update', epoch: 3, update: { kind: 'provers', provers: ['n1'] } },
      ]);
    });
  });

  it('the timeout wins the race when the decision is late, and cancels the effect', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      let cancelled = false;
      const { deps } = setup(
        ts,
        {
          liveness: {
            collect: () =>
              cold('50ms a', { a: { rank: 6, id: 'm6' } }).pipe(finalize(() => (cancelled = true))),
          },
        },
        { timeouts: { [S.Collecting]: 20 } },
      );
      expectObservable(enterState(deps, snapshot(S.Collecting), E.SyncComplete)).toBe('20ms (d|)', {
        d: ev(E.CollectionDone),
      });
      ts.schedule(() => expect(cancelled).toBe(true), 21);
    });
  });

  it('a provider failure is reported and answered with an induce_sync naming the provider', () => {
    const ts = scheduler();
    ts.run(({ expectObservable, flush }) => {
      const thrown = setup(ts, {
        voting: {
          finalizeVotes: () => {
            throw new Error('down');
          },
        },
      });
      expectObservable(enterState(thrown.deps, snapshot(S.Finalizing), E.QuorumReached), '^ 10ms !').toBe(
        '(a|)',
        {
          a: { ...ev(E.InduceSync), failedProvider: 'voting.finalizeVotes' },
        },
      );
      flush();
      expect(thrown.errors).toEqual(['finalizing: voting.finalizeVotes failed; inducing sync']);
    });
  });

  it('an effect that throws on entry is a provider failure when it names one', () => {
    const ts = scheduler();
    ts.run(({ expectObservable, flush }) => {
      const s = setup(
        ts,
        {},
        {},
        {
          minimumProvers: () => {
            throw new Error('unknown');
          },
        },
      );
      expectObservable(enterState(s.deps, snapshot(S.LivenessCheck), E.CollectionDone), '^ 10ms !').toBe(
        '(a|)',
        {
          a: { ...ev(E.InduceSync), failedProvider: 'minimumProvers' },
        },
      );
      flush();
      expect(s.errors).toEqual(['liveness_check: minimumProvers failed; inducing sync']);
    });
  });

  it('any other failure of an effect is an engine fault, not counted as a provider failure', () => {
    const ts = scheduler();
    ts.run(({ expectObservable, flush }) => {
      const s = setup(
        ts,
        {},
        {},
        {
          decisions: {
            close: () => {
              throw new Error('broken');
            },
          } as unknown as PendingDecisions<Ballot, Peer>,
        },
      );
      expectObservable(enterState(s.deps, snapshot(S.Stopping), E.Stop), '^ 10ms !').toBe('(a|)', {
        a: { type: 'fault', message: 'stopping effect: Error: broken' },
      });
      flush();
      expect(s.errors).toEqual([]);
    });
  });

  it('leaving the entry cancels the effect and the timeout and fires the signal', () => {
    const ts = scheduler();
    ts.run(({ expectObservable, flush }) => {
      let signal: AbortSignal | undefined;
      let sent = false;
      const { deps } = setup(ts, {
        voting: {
          sendConfirmation: (_s: Frame, sig: AbortSignal) => {
            signal = sig;
            return new Subject<void>();
          },
        },
      });
      const entry = {
        ...snapshot(S.Verifying),
        finalized: { state: { rank: 6, id: 'f6' }, rank: 6, proposer: 'n1' },
      };
      expectObservable(enterState(deps, entry, E.AggregationDone), '^ 500ms !').toBe('');
      ts.schedule(() => (sent = signal?.aborted === false), 100);
      flush();
      expect(sent).toBe(true);
      expect(signal!.aborted).toBe(true);
    });
  });
});
