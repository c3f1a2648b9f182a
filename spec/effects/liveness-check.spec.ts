/**
 * liveness_check alone: re-fetch the provers when fewer than the minimum are known, re-announce
 * liveness (and tell the provider the round timed out) only on re-entry by its timeout, and
 * signal the provers once liveness from at least `minimumProvers()` peers is stored for the
 * round's rank, re-evaluated after each change.
 */
import { livenessCheck } from '../../src/effects/liveness-check';
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import {
  collect,
  createHarness,
  drain,
  entrySnapshot,
  event,
  read,
  testScheduler,
  update,
  withStored,
  type HarnessOptions,
  type Mutations,
  unexpected,
} from './harness';

const M6: Mutations = { rank: 6, id: 'm6' };
const live = (peer: string, rank = 6) => read.liveness(peer, { rank, id: `m${rank}-${peer}` });
const base: HarnessOptions = {
  state: S.LivenessCheck,
  event: E.CollectionDone,
  entry: { nextProvers: ['n1', 'n2'], collected: M6 },
  minimumProvers: 2,
};

describe('liveness_check', () => {
  it('with enough provers known and too few liveness checks: no provider call, waits', () => {
    const h = createHarness(testScheduler(), base);
    h.setCurrent(withStored(h.current(), live('n1')));
    const { values, complete } = collect(livenessCheck(h.ctx));
    expect(values).toEqual([]);
    expect(complete).toBe(false);
    expect(h.calls).toEqual([]);
  });

  it('signals the provers as soon as liveness from the minimum number of peers is stored', () => {
    const h = createHarness(testScheduler(), base);
    const values: unknown[] = [];
    const sub = livenessCheck(h.ctx).subscribe({ next: (v) => values.push(v), error: unexpected });
    h.setCurrent(withStored(h.current(), live('n1')));
    h.changed();
    expect(values).toEqual([]);
    h.setCurrent(withStored(h.current(), live('n2')));
    h.changed();
    expect(values).toEqual([event(E.ProverSignal)]);
    sub.unsubscribe();
  });

  it('counts only liveness for the round in progress (the rank after the active one)', () => {
    const h = createHarness(testScheduler(), base);
    h.setCurrent(withStored(h.current(), live('n1', 7), live('n2', 7), live('n3', 8), live('n1')));
    expect(collect(livenessCheck(h.ctx)).values).toEqual([]);
  });

  it('reads the live snapshot, not the entry one', () => {
    const h = createHarness(testScheduler(), base);
    h.setCurrent(withStored(h.current(), live('n1'), live('n2'), live('n3')));
    expect(collect(livenessCheck(h.ctx)).values).toEqual([event(E.ProverSignal)]);
  });

  it('with fewer provers known than the minimum, re-fetches them from the active state', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      entry: { nextProvers: ['n1'], collected: M6 },
      answers: { getNextLeaders: () => ['n1', 'n2'] },
    });
    const { values } = collect(livenessCheck(h.ctx));
    expect(values).toEqual([update({ kind: 'provers', provers: ['n1', 'n2'] })]);
    expect(h.callsTo('getNextLeaders').map((c) => c.args)).toEqual([[{ rank: 5, id: 'f5' }]]);
  });

  it('a refused leaders answer is a provider failure', async () => {
    const h = createHarness(testScheduler(), {
      ...base,
      entry: { nextProvers: [], collected: M6 },
      answers: { getNextLeaders: () => null as never },
    });
    expect((await drain(livenessCheck(h.ctx))).error).toMatchObject({ provider: 'leader.getNextLeaders' });
  });

  it('re-entered by its timeout: re-sends its liveness and tells the provider the round timed out', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      event: E.LivenessTimeout,
      answers: { sendLiveness: () => undefined, sendTimeout: () => undefined },
    });
    const { values } = collect(livenessCheck(h.ctx));
    expect(values).toEqual([]);
    expect(h.calls.map((c) => [c.method, c.args])).toEqual([
      ['sendTimeout', [6]],
      ['sendLiveness', [{ rank: 5, id: 'f5' }, M6]],
    ]);
  });

  it('re-entered by its timeout with too few provers: re-fetches them first, then re-sends', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const h = createHarness(scheduler, {
        ...base,
        event: E.LivenessTimeout,
        entry: { nextProvers: [], collected: M6 },
        answers: { getNextLeaders: () => cold('--a|', { a: ['n1', 'n2'] }), sendLiveness: () => undefined },
      });
      h.setCurrent(withStored(h.current(), live('n1'), live('n2')));
      expectObservable(livenessCheck(h.ctx)).toBe('a-b', {
        a: event(E.ProverSignal),
        b: update({ kind: 'provers', provers: ['n1', 'n2'] }),
      });
      flush();
      expect(h.calls.map((c) => [c.method, c.at])).toEqual([
        ['getNextLeaders', 0],
        ['sendLiveness', 2],
      ]);
    });
  });

  it('re-entered by its timeout: a failed re-send is a provider failure naming sendLiveness', async () => {
    const h = createHarness(testScheduler(), {
      ...base,
      event: E.LivenessTimeout,
      answers: { sendLiveness: () => Promise.reject(new Error('offline')) },
    });
    expect((await drain(livenessCheck(h.ctx))).error).toMatchObject({ provider: 'liveness.sendLiveness' });
  });

  it('re-entered by its timeout with nothing collected: nothing to re-send', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      event: E.LivenessTimeout,
      entry: { nextProvers: ['n1', 'n2'], collected: null },
    });
    collect(livenessCheck(h.ctx));
    expect(h.calls).toEqual([]);
  });

  it('entered from collecting: neither re-sends liveness nor reports a timeout', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      answers: { sendLiveness: () => undefined, sendTimeout: () => undefined },
    });
    collect(livenessCheck(h.ctx));
    expect(h.calls).toEqual([]);
  });

  it('a throwing minimumProvers is a provider failure', () => {
    const h = createHarness(testScheduler(), base);
    (h.ctx as unknown as { deps: { minimumProvers: () => number } }).deps.minimumProvers = () => {
      throw new Error('unknown');
    };
    expect(() => livenessCheck(h.ctx)).toThrow('minimumProvers failed: unknown');
  });

  it('the entry snapshot is the one the effect starts from', () => {
    // Provers known at entry decide the re-fetch, whatever the live snapshot says.
    const h = createHarness(testScheduler(), {
      ...base,
      entry: { nextProvers: ['n1', 'n2'], collected: M6 },
    });
    h.setCurrent(entrySnapshot(S.LivenessCheck, { nextProvers: [] }));
    collect(livenessCheck(h.ctx));
    expect(h.calls).toEqual([]);
  });
});
