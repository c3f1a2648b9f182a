/** Each state's timeout fires its event at the configured instant; the defaults are SPEC's. */
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { DEFAULT_TIMEOUTS, MachineState, RUNNING_STATES, timeoutFor } from '../../src';
import { createFixture } from '../support/fixture';
import { transitionsOf } from '../support/drive';
import { DWELL, TIMEOUT_EVENT } from '../support/dwell';

describe('state timeouts', () => {
  it('has the default durations of SPEC section 3, failure events where the seed named success', () => {
    expect(DEFAULT_TIMEOUTS).toEqual({
      starting: { ms: 1000, event: 'init_complete' },
      loading: { ms: 600000, event: 'sync_timeout' },
      collecting: { ms: 1000, event: 'collection_done' },
      liveness_check: { ms: 1000, event: 'liveness_timeout' },
      proving: { ms: 120000, event: 'publish_timeout' },
      publishing: { ms: 1000, event: 'publish_timeout' },
      voting: { ms: 10000, event: 'voting_timeout' },
      finalizing: { ms: 1000, event: 'aggregation_timeout' },
      verifying: { ms: 1000, event: 'verification_timeout' },
      stopping: { ms: 30000, event: 'cleanup_complete' },
    });
    expect(timeoutFor(MachineState.Stopped, undefined)).toBeUndefined();
    expect(timeoutFor(MachineState.Voting, { voting: 250 })).toEqual({ ms: 250, event: 'voting_timeout' });
  });

  describe.each(RUNNING_STATES)('%s', (state) => {
    const expectTimeoutAfter = (ms: number, timeouts?: Partial<Record<MachineState, number>>) => {
      // Long enough for the first entry plus its timeout, not for a second loop.
      const scheduler = new VirtualTimeScheduler(VirtualAction, 1000 + 1000 + ms + 5);
      const f = createFixture({ scheduler, ...DWELL[state], timeouts });
      const log = transitionsOf(f.sm);
      f.sm.start();
      scheduler.flush();
      const entered = log.find((t) => t.to === state);
      expect(entered).toBeDefined();
      const left = log.find(
        (t) => t.from === state && t.at > entered!.at - 1 && log.indexOf(t) > log.indexOf(entered!),
      );
      expect(left).toMatchObject({ event: TIMEOUT_EVENT[state], at: entered!.at + ms });
    };

    it(`fires ${TIMEOUT_EVENT[state]} after the default duration`, () => {
      expectTimeoutAfter(DEFAULT_TIMEOUTS[state]!.ms);
    });

    it('fires at an overridden duration', () => {
      expectTimeoutAfter(123, { [state]: 123 });
    });
  });

  it('restarts the timeout on a real self-loop but not on internal rows', () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 30_000);
    const f = createFixture({ scheduler, quorum: Infinity, timeouts: { voting: 5000 } });
    const log = transitionsOf(f.sm);
    f.sm.start();
    // A vote every 100 ms while voting: internal rows, none of which may push the timeout back.
    for (let t = 1100; t < 20_000; t += 100) {
      scheduler.schedule(
        () => f.sm.receiveVote('n1', `peer${t}`, { rank: 1, voter: `peer${t}`, proposal: 'f1' }),
        t,
      );
    }
    scheduler.flush();
    const loops = log.filter((t) => t.event === 'voting_timeout').map((t) => t.at);
    expect(loops.slice(0, 3)).toEqual([6000, 11000, 16000]);
  });
});
