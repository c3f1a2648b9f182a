/**
 * The provider-failure back-off, seen from outside the machine: after each provider failure in a
 * row, loading waits longer before synchronizing again (initial, doubling, capped), and a round
 * completed (`verification_done`) resets it, so the next failure waits the initial delay again.
 */
import { map, timer } from 'rxjs';
import { createFixture, virtualScheduler, type FixtureOptions } from '../support/fixture';
import { transitionsOf } from '../support/drive';

/** A lone leader whose `collect` throws on the calls numbered in `failing` (1-based). */
function machine(failing: readonly number[], extra: Partial<FixtureOptions> = {}) {
  const scheduler = virtualScheduler();
  let calls = 0;
  const f = createFixture({
    scheduler,
    ...extra,
    overrides: {
      collect: () => {
        calls++;
        if (failing.includes(calls)) throw new Error(`collect #${calls} failed`);
        const rank = f.sm.getSnapshot().activeRank + 1;
        return timer(1, scheduler).pipe(map(() => ({ rank, id: `m${rank}` })));
      },
    },
  });
  const log = transitionsOf(f.sm);
  return { scheduler, f, log, collectCalls: () => calls };
}

describe('the provider-failure back-off', () => {
  it('doubles with each failure in a row, and a completed round resets it', () => {
    const { scheduler, f, log } = machine([1, 2, 4, 5]);
    f.sm.start();
    scheduler.schedule(() => f.sm.close(), 1_610);
    scheduler.flush();
    // 1000: loading at once; 1100 after one failure; 1300 after two; the round then completes at
    // 1301 and collect fails again: 100 ms, not 400 ms, then 200 ms after the next failure.
    expect(f.callsTo('synchronize').map((c) => c.at)).toEqual([1000, 1100, 1300, 1401, 1601]);
    expect(
      log
        .filter((t) => t.event === 'verification_done')
        .map((t) => t.at)
        .slice(0, 2),
    ).toEqual([1301, 1602]);
    expect(log.filter((t) => t.event === 'induce_sync').map((t) => t.at)).toEqual([1000, 1100, 1301, 1401]);
  });

  it('without a completed round, failures keep counting (no reset by a sync alone)', () => {
    const { scheduler, f } = machine([1, 2, 3]);
    f.sm.start();
    scheduler.schedule(() => f.sm.close(), 1_750);
    scheduler.flush();
    expect(f.callsTo('synchronize').map((c) => c.at)).toEqual([1000, 1100, 1300, 1700]);
  });

  it('starts from the configured initial delay and stops growing at the configured maximum', () => {
    const { scheduler, f } = machine([1, 2, 3, 4], { failureBackoff: { initial: 30, max: 100 } });
    f.sm.start();
    scheduler.schedule(() => f.sm.close(), 1_400);
    scheduler.flush();
    expect(f.callsTo('synchronize').map((c) => c.at)).toEqual([1000, 1030, 1090, 1190, 1290]);
  });

  it('by default grows no longer than the sync retry delay', () => {
    const { scheduler, f } = machine([1, 2, 3, 4], { syncRetryDelay: 250 });
    f.sm.start();
    scheduler.schedule(() => f.sm.close(), 1_900);
    scheduler.flush();
    expect(f.callsTo('synchronize').map((c) => c.at)).toEqual([1000, 1100, 1300, 1550, 1800]);
  });
});
