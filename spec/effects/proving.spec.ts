/**
 * proving alone: prove the next state from the active one and the collected mutations, record it
 * as this node's own proposal, then `proof_complete`; with nothing collected, `induce_sync`.
 */
import { proving } from '../../src/effects/proving';
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import { collect, createHarness, drain, event, frame, testScheduler, type Mutations } from './harness';

const M6: Mutations = { rank: 6, id: 'm6' };
const base = { state: S.Proving, event: E.ProverSignal } as const;

describe('proving', () => {
  it('proves from the active state and the collected mutations, records its proposal, then proof_complete', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const h = createHarness(scheduler, {
        ...base,
        entry: { collected: M6 },
        answers: { proveNextState: () => cold('---a|', { a: frame(6) }) },
      });
      expectObservable(proving(h.ctx)).toBe('---(ab|)', {
        a: {
          type: 'inbound',
          kind: 'proposal',
          rank: 6,
          key: 'n1',
          itemId: 'f6',
          peer: 'n1',
          item: frame(6),
          own: true,
        },
        b: event(E.ProofComplete),
      });
      flush();
      expect(h.calls.map((c) => [c.method, c.args, c.at])).toEqual([
        ['proveNextState', [{ rank: 5, id: 'f5' }, M6], 0],
      ]);
    });
  });

  it('records its own proposal whatever emitReceiveEventsOnSends says (it publishes it from there)', () => {
    for (const emitReceiveEventsOnSends of [true, false]) {
      const h = createHarness(testScheduler(), {
        ...base,
        emitReceiveEventsOnSends,
        entry: { collected: M6 },
        answers: { proveNextState: () => frame(6) },
      });
      expect(collect(proving(h.ctx)).values.map((v) => v.type)).toEqual(['inbound', 'event']);
    }
  });

  it('with nothing collected: induce_sync at once, no provider call, and says why', () => {
    const h = createHarness(testScheduler(), { ...base, entry: { collected: null } });
    const { values, complete } = collect(proving(h.ctx));
    expect(values).toEqual([event(E.InduceSync)]);
    expect(complete).toBe(true);
    expect(h.calls).toEqual([]);
    expect(h.traces).toEqual(['proving: nothing collected this round; inducing sync']);
  });

  it('a proof it cannot read as a proposal is reported and not recorded; proof_complete still follows', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      entry: { collected: M6 },
      answers: { proveNextState: () => ({ rank: 'six', id: 'x' }) as never },
    });
    expect(collect(proving(h.ctx)).values).toEqual([event(E.ProofComplete)]);
    expect(h.errors).toEqual(['own message unreadable']);
  });

  it.each([
    ['no proof', () => undefined as never, 'expected a value, got'],
    ['a rejected proof', () => Promise.reject(new Error('no proof')), 'no proof'],
  ])('%s is a provider failure of proveNextState', async (_name, proveNextState, text) => {
    const h = createHarness(testScheduler(), {
      ...base,
      entry: { collected: M6 },
      answers: { proveNextState },
    });
    const { error, values } = await drain(proving(h.ctx));
    expect(error).toMatchObject({ provider: 'leader.proveNextState' });
    expect((error as Error).message).toContain(text);
    expect(values).toEqual([]);
  });
});
