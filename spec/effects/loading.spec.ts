/**
 * loading alone: synchronize (after the failure back-off, if any), adopt the synced state, ask for
 * the next leaders from it; `sync_complete` when this node is among them, otherwise (or when
 * synchronizing fails) `sync_timeout` after the retry delay.
 */
import { loading } from '../../src/effects/loading';
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import {
  createHarness,
  event,
  frame,
  testScheduler,
  unexpected,
  update,
  type HarnessOptions,
} from './harness';

const base: HarnessOptions = { state: S.Loading, event: E.InitComplete, syncRetryDelay: 20 };

describe('loading', () => {
  it('synchronizes from the active state, adopts the result, and completes when this node leads', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const h = createHarness(scheduler, {
        ...base,
        answers: {
          synchronize: () => cold('--a|', { a: frame(9) }),
          getNextLeaders: () => cold('-a|', { a: ['n3', 'n1'] }),
        },
      });
      expectObservable(loading(h.ctx)).toBe('--a(bc|)', {
        a: update({ kind: 'adopt', state: frame(9), rank: 9 }),
        b: update({ kind: 'provers', provers: ['n3', 'n1'] }),
        c: event(E.SyncComplete),
      });
      flush();
      expect(h.calls.map((c) => [c.method, c.args, c.at])).toEqual([
        ['synchronize', [{ rank: 5, id: 'f5' }], 0],
        ['getNextLeaders', [frame(9)], 2],
      ]);
      expect(h.errors).toEqual([]);
      expect(h.traces).toEqual([]);
    });
  });

  it('with no active state, synchronizes from nothing', () => {
    const scheduler = testScheduler();
    scheduler.run(({ expectObservable }) => {
      const h = createHarness(scheduler, {
        ...base,
        entry: { activeState: null, activeRank: -1 },
        answers: { synchronize: () => frame(0), getNextLeaders: () => ['n1'] },
      });
      expectObservable(loading(h.ctx)).toBe('(abc|)', {
        a: update({ kind: 'adopt', state: frame(0), rank: 0 }),
        b: update({ kind: 'provers', provers: ['n1'] }),
        c: event(E.SyncComplete),
      });
      scheduler.flush();
      expect(h.callsTo('synchronize')[0]!.args).toEqual([null]);
    });
  });

  it('when this node is not a next leader: keeps the provers, says so, and retries after the delay', () => {
    const scheduler = testScheduler();
    scheduler.run(({ expectObservable, flush }) => {
      const h = createHarness(scheduler, {
        ...base,
        answers: { synchronize: () => frame(9), getNextLeaders: () => ['n2', 'n3'] },
      });
      expectObservable(loading(h.ctx)).toBe('(ab) 16ms (c|)', {
        a: update({ kind: 'adopt', state: frame(9), rank: 9 }),
        b: update({ kind: 'provers', provers: ['n2', 'n3'] }),
        c: event(E.SyncTimeout),
      });
      flush();
      expect(h.traces).toEqual(['loading: n1 is not among the next leaders; retrying']);
    });
  });

  it('after provider failures, waits the failure back-off before synchronizing', () => {
    const scheduler = testScheduler();
    scheduler.run(({ expectObservable, flush }) => {
      const h = createHarness(scheduler, {
        ...base,
        failureBackoff: 300,
        answers: { synchronize: () => frame(9), getNextLeaders: () => ['n1'] },
      });
      expectObservable(loading(h.ctx)).toBe('300ms (abc|)', {
        a: update({ kind: 'adopt', state: frame(9), rank: 9 }),
        b: update({ kind: 'provers', provers: ['n1'] }),
        c: event(E.SyncComplete),
      });
      flush();
      expect(h.calls.map((c) => c.at)).toEqual([300, 300]);
    });
  });

  it.each([
    [
      'synchronize throws',
      {
        synchronize: () => {
          throw new Error('peers unreachable');
        },
      },
      'sync.synchronize',
    ],
    ['synchronize answers nothing', { synchronize: () => null }, 'sync.synchronize'],
    ['the synced state has no readable rank', { synchronize: () => ({ id: 'x' }) }, 'domain.state.rank'],
    [
      'getNextLeaders fails',
      {
        synchronize: () => frame(9),
        getNextLeaders: () => {
          throw new Error('no');
        },
      },
      'leader.getNextLeaders',
    ],
  ])(
    'when %s: reports it and retries after the delay (never induce_sync, which would re-enter at once)',
    (_name, answers, provider) => {
      const scheduler = testScheduler();
      scheduler.run(({ flush }) => {
        const h = createHarness(scheduler, { ...base, answers: answers as never });
        const values: string[] = [];
        loading(h.ctx).subscribe({
          next: (v) => values.push(v.type === 'event' ? v.event : v.type),
          error: unexpected,
        });
        flush();
        expect(values.filter((v) => v !== 'update')).toEqual([E.SyncTimeout]);
        expect(scheduler.now()).toBe(20);
        expect(h.errors).toEqual(['loading: synchronization failed; retrying after back-off']);
        expect(h.causes).toEqual([expect.objectContaining({ provider })]);
      });
    },
  );
});
