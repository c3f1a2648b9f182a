/**
 * collecting alone: collect, hand the mutations and the next provers to the reducer, announce
 * liveness (and record it as received when asked to), then `collection_done`, in that order.
 */
import { collecting } from '../../src/effects/collecting';
import { ProviderFailure } from '../../src/operators/from-result';
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import {
  collect,
  createHarness,
  drain,
  event,
  testScheduler,
  update,
  type Answers,
  type Mutations,
} from './harness';

const M6: Mutations = { rank: 6, id: 'm6' };
const entryOf = { state: S.Collecting, event: E.VerificationDone } as const;

describe('collecting', () => {
  it('collects, learns the provers, sends liveness, then collection_done, each step after the one before', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const h = createHarness(scheduler, {
        ...entryOf,
        answers: {
          collect: () => cold('--a|', { a: M6 }),
          getNextLeaders: () => cold('---a|', { a: ['n2', 'n1'] }),
          sendLiveness: () => cold('-|'),
        },
      });
      expectObservable(collecting(h.ctx)).toBe('--a--b(c|)', {
        a: update({ kind: 'collected', collected: M6 }),
        b: update({ kind: 'provers', provers: ['n2', 'n1'] }),
        c: event(E.CollectionDone),
      });
      flush();
      expect(h.calls.map((c) => [c.method, c.args])).toEqual([
        ['collect', []],
        ['getNextLeaders', [{ rank: 5, id: 'f5' }]],
        ['sendLiveness', [{ rank: 5, id: 'f5' }, M6]],
      ]);
      expect(h.calls.map((c) => c.at)).toEqual([0, 2, 5]);
      // Each call was in flight: each kept its own signal, fired when the entry is left.
      const kept = h.lease.keptSignals();
      expect(kept).toHaveLength(3);
      h.calls.forEach((c, i) => expect(c.signal).toBe(kept[i]));
    });
  });

  it('with no active state, asks for leaders and sends liveness building on nothing', () => {
    const h = createHarness(testScheduler(), {
      ...entryOf,
      entry: { activeState: null, activeRank: -1 },
      answers: { collect: () => M6, getNextLeaders: () => ['n1'], sendLiveness: () => undefined },
    });
    collect(collecting(h.ctx));
    expect(h.callsTo('getNextLeaders')[0]!.args).toEqual([null]);
    expect(h.callsTo('sendLiveness')[0]!.args).toEqual([null, M6]);
  });

  it('keeps its own copy of the provers: a provider changing its array later changes nothing', () => {
    const leaders = ['n1', 'n2'];
    const h = createHarness(testScheduler(), {
      ...entryOf,
      answers: { collect: () => M6, getNextLeaders: () => leaders, sendLiveness: () => undefined },
    });
    const { values } = collect(collecting(h.ctx));
    leaders.push('n3');
    expect(values[1]).toEqual(update({ kind: 'provers', provers: ['n1', 'n2'] }));
  });

  it('with emitReceiveEventsOnSends, records its own liveness (at the collected rank) before collection_done', () => {
    const h = createHarness(testScheduler(), {
      ...entryOf,
      emitReceiveEventsOnSends: true,
      answers: { collect: () => M6, getNextLeaders: () => ['n1'], sendLiveness: () => undefined },
    });
    const { values, complete } = collect(collecting(h.ctx));
    expect(complete).toBe(true);
    expect(values).toEqual([
      update({ kind: 'collected', collected: M6 }),
      update({ kind: 'provers', provers: ['n1'] }),
      {
        type: 'inbound',
        kind: 'liveness',
        rank: 6,
        key: 'n1',
        itemId: 'm6',
        peer: 'n1',
        item: M6,
        own: true,
      },
      event(E.CollectionDone),
    ]);
  });

  it('an own liveness it cannot read is reported, not recorded, and the round goes on', () => {
    const bad = { rank: -1, id: 'mx' };
    const h = createHarness(testScheduler(), {
      ...entryOf,
      emitReceiveEventsOnSends: true,
      answers: { collect: () => bad, getNextLeaders: () => ['n1'], sendLiveness: () => undefined },
    });
    const { values } = collect(collecting(h.ctx));
    expect(values.map((v) => v.type)).toEqual(['update', 'update', 'event']);
    expect(h.errors).toEqual(['own message unreadable']);
  });

  it.each<[string, Answers, string, string]>([
    ['collect', { collect: () => null as never }, 'liveness.collect', 'expected a value, got null'],
    ['collect', { collect: () => Promise.reject(new Error('down')) }, 'liveness.collect', 'down'],
    [
      'getNextLeaders',
      { collect: () => M6, getNextLeaders: () => 'n1' as never },
      'leader.getNextLeaders',
      'expected an array of peers',
    ],
    [
      'sendLiveness',
      {
        collect: () => M6,
        getNextLeaders: () => ['n1'],
        sendLiveness: () => {
          throw new Error('offline');
        },
      },
      'liveness.sendLiveness',
      'offline',
    ],
  ])(
    '%s failing is a provider failure naming it, and no collection_done',
    async (_m, answers, provider, text) => {
      const h = createHarness(testScheduler(), { ...entryOf, answers });
      const { values, error } = await drain(collecting(h.ctx));
      expect(error).toBeInstanceOf(ProviderFailure);
      expect((error as ProviderFailure).provider).toBe(provider);
      expect((error as ProviderFailure).message).toContain(text);
      expect(values).not.toContainEqual(event(E.CollectionDone));
    },
  );
});
