/**
 * A machine built inside `TestScheduler.run` with no `scheduler` option runs in the test's
 * virtual time, as RxJS's own operators do there: its timers, its end-of-instant settles and its
 * providers' delays are all virtual, so marble tests need no scheduler plumbing.
 */
import { asyncScheduler, map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { MachineState as S } from '../../src';
import { ballot, createFixture, frame } from '../support/fixture';

const newTestScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('a machine inside TestScheduler.run with no scheduler option', () => {
  it("runs a lone leader's round on the exact virtual timeline", () => {
    newTestScheduler().run(({ cold, expectObservable, flush }) => {
      const f = createFixture({
        scheduler: asyncScheduler,
        unscheduled: true,
        delays: { collect: 10, proveNextState: 50 },
      });
      const states = f.sm.transition$.pipe(map((t) => `${t.at} ${t.to}`));
      cold('-a').subscribe(() => f.sm.start());
      cold('1069ms a').subscribe(() => f.sm.stop());
      expectObservable(states).toBe('-a 999ms (bc) 6ms (de) 46ms (fghij) 1ms (kl)', {
        a: `1 ${S.Starting}`,
        b: `1001 ${S.Loading}`,
        c: `1001 ${S.Collecting}`,
        d: `1011 ${S.LivenessCheck}`,
        e: `1011 ${S.Proving}`,
        f: `1061 ${S.Publishing}`,
        g: `1061 ${S.Voting}`,
        h: `1061 ${S.Finalizing}`,
        i: `1061 ${S.Verifying}`,
        j: `1061 ${S.Collecting}`,
        k: `1069 ${S.Stopping}`,
        l: `1069 ${S.Stopped}`,
      });
      flush();
      expect(f.sm.getSnapshot().activeState).toEqual(frame(1));
      expect(f.callsTo('sendConfirmation').map((c) => c.args[0])).toEqual([frame(1)]);
      expect(f.errors).toEqual([]);
    });
  });

  it('moves on the instant an external vote completes the quorum', () => {
    newTestScheduler().run(({ cold, flush }) => {
      const f = createFixture({ scheduler: asyncScheduler, unscheduled: true, quorum: 2 });
      const log: string[] = [];
      f.sm.transition$.subscribe((t) => log.push(`${t.at} ${t.from} --${t.event}--> ${t.to}`));
      f.sm.start();
      // Voting from 1000 on (starting times out at 1000, every provider answers at once); the
      // second vote of the quorum arrives at 1300.
      cold('1300ms a').subscribe(() => f.sm.receiveVote('n1', 'v2', ballot(1, 'v2')));
      cold('1400ms a').subscribe(() => f.sm.close());
      flush();
      expect(log).toContain('1000 publishing --publish_complete--> voting');
      expect(log).toContain('1300 voting --quorum_reached--> finalizing');
      expect(log).toContain('1300 verifying --verification_done--> collecting');
      expect(f.sm.getSnapshot().activeRank).toBe(1);
    });
  });

  it('answers a provider failure with induce_sync at the instant it fails', () => {
    newTestScheduler().run(({ flush }) => {
      const f = createFixture({
        scheduler: asyncScheduler,
        unscheduled: true,
        delays: { collect: 10 },
        fail: { collect: 'error' },
        syncRetryDelay: 5_000,
      });
      const log: string[] = [];
      f.sm.transition$.subscribe((t) => log.push(`${t.at} ${t.from} --${t.event}--> ${t.to}`));
      f.sm.start();
      asyncScheduler.schedule(() => f.sm.stop(), 1_500);
      flush();
      // Each failure in a row doubles the wait before loading synchronizes again: 100, 200, 400 ms.
      expect(log).toEqual([
        '0 stopped --start--> starting',
        '1000 starting --init_complete--> loading',
        '1000 loading --sync_complete--> collecting',
        '1000 collecting --induce_sync--> loading',
        '1100 loading --sync_complete--> collecting',
        '1100 collecting --induce_sync--> loading',
        '1300 loading --sync_complete--> collecting',
        '1300 collecting --induce_sync--> loading',
        '1500 loading --stop--> stopping',
        '1500 stopping --cleanup_complete--> stopped',
      ]);
      expect(f.sm.getSnapshot().providerFailures).toBe(3);
      expect(f.errors.map((e) => e.message)).toContain('collecting: liveness.collect failed; inducing sync');
    });
  });
});
