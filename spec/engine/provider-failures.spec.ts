/**
 * A provider failure (throw, rejected Promise, errored Observable) in any state that calls one is
 * reported to the tracer and answered with `induce_sync`; it never escapes. In loading, where
 * `induce_sync` would only re-enter at once, the answer is a retry after the back-off.
 */
import { MachineState, type MachineEvent } from '../../src';
import { createFixture, virtualScheduler, type Failure, type FixtureOptions } from '../support/fixture';
import { advance, transitionsOf } from '../support/drive';

type Case = [
  method: NonNullable<keyof NonNullable<FixtureOptions['fail']>>,
  state: MachineState,
  extra?: Partial<FixtureOptions>,
];

const CASES: Case[] = [
  ['collect', MachineState.Collecting],
  ['sendLiveness', MachineState.Collecting],
  ['proveNextState', MachineState.Proving],
  ['sendProposal', MachineState.Publishing],
  ['decideAndSendVote', MachineState.Voting],
  ['isQuorum', MachineState.Voting],
  ['finalizeVotes', MachineState.Finalizing],
  ['sendConfirmation', MachineState.Verifying],
];
const FAILURES: Failure[] = ['throw', 'reject', 'error'];

describe('provider failures', () => {
  describe.each(FAILURES)('a provider that fails by %s', (failure) => {
    it.each(CASES)('%s in %s answers with induce_sync', async (method, state) => {
      const scheduler = virtualScheduler();
      const f = createFixture({
        scheduler,
        fail: { [method]: failure },
        delays: { collect: 1 },
        syncRetryDelay: 500,
      });
      const log = transitionsOf(f.sm);
      // Stop once the failure has been answered, or the loop would go on forever.
      f.sm.addListener({
        onTransition: (from, _to, event) => {
          if (from === state && event === 'induce_sync') scheduler.schedule(() => f.sm.close(), 0);
        },
      });
      f.sm.start();
      scheduler.schedule(() => f.sm.close(), 3_000);
      await advance(scheduler, 3_000, 5);
      const out = log.find((t) => t.from === state && t.event !== ('collection_done' as MachineEvent));
      expect(out).toMatchObject({ event: 'induce_sync', to: MachineState.Loading });
      expect(f.errors.some((e) => e.message.includes(method))).toBe(true);
    });

    it('in loading, synchronize failing retries after the back-off via sync_timeout', async () => {
      const scheduler = virtualScheduler();
      const f = createFixture({ scheduler, fail: { synchronize: failure }, syncRetryDelay: 700 });
      const log = transitionsOf(f.sm);
      scheduler.schedule(() => f.sm.close(), 3_000);
      f.sm.start();
      await advance(scheduler, 3_000, 5);
      expect(log.filter((t) => t.event === 'sync_timeout').map((t) => t.at)).toEqual([1700, 2400]);
      expect(f.errors.length).toBeGreaterThanOrEqual(2);
      expect(f.errors[0]!.message).toContain('synchroniz');
    });
  });

  it('getNextLeaders failing in collecting (after loading succeeded) answers with induce_sync', () => {
    const scheduler = virtualScheduler();
    let calls = 0;
    const f = createFixture({
      scheduler,
      delays: { collect: 1 },
      overrides: {
        getNextLeaders: () => {
          if (++calls > 1) throw new Error('leaders unknown');
          return ['n1'];
        },
      },
    });
    const log = transitionsOf(f.sm);
    scheduler.schedule(() => f.sm.close(), 1_150);
    f.sm.start();
    scheduler.flush();
    expect(log.find((t) => t.from === MachineState.Collecting)).toMatchObject({
      event: 'induce_sync',
      at: 1001,
    });
    expect(f.errors[0]!.message).toContain('leader.getNextLeaders');
    // The failure back-off: loading waits 100 ms before synchronizing again.
    expect(f.callsTo('synchronize').map((c) => c.at)).toEqual([1000, 1101]);
  });

  it('a node that is not among the next leaders retries loading after the back-off', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler, leaders: ['someone-else'], syncRetryDelay: 250 });
    const log = transitionsOf(f.sm);
    scheduler.schedule(() => f.sm.close(), 1_600);
    f.sm.start();
    scheduler.flush();
    expect(log.map((t) => `${t.at} ${t.event}`)).toEqual([
      '0 start',
      '1000 init_complete',
      '1250 sync_timeout',
      '1500 sync_timeout',
    ]);
    expect(f.errors).toEqual([]);
  });

  it('a throwing minimumProvers is a provider failure, not a crash', () => {
    const scheduler = virtualScheduler();
    let calls = 0;
    const f = createFixture({
      scheduler,
      delays: { collect: 1 },
      minimumProvers: () => {
        if (++calls > 1) throw new Error('no idea');
        return 1;
      },
    });
    const log = transitionsOf(f.sm);
    scheduler.schedule(() => f.sm.close(), 1_005);
    f.sm.start();
    scheduler.flush();
    expect(log.some((t) => t.event === 'induce_sync')).toBe(true);
    expect(f.errors.some((e) => e.message.includes('minimumProvers'))).toBe(true);
  });
});
