/** A lone leader's full round, with the exact virtual instant of every transition. */
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { MachineState } from '../../src';
import { createFixture, frame, virtualScheduler } from '../support/fixture';
import { transitionsOf } from '../support/drive';

describe('a lone leader', () => {
  it('runs a whole round event-driven, each step at its exact virtual instant', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler, delays: { collect: 10, proveNextState: 50 } });
    const log = transitionsOf(f.sm);
    f.sm.start();
    scheduler.schedule(() => f.sm.stop(), 1065);
    scheduler.flush();

    expect(log.map((t) => `${t.at} ${t.from} --${t.event}--> ${t.to}`)).toEqual([
      '0 stopped --start--> starting',
      '1000 starting --init_complete--> loading',
      '1000 loading --sync_complete--> collecting',
      '1010 collecting --collection_done--> liveness_check',
      '1010 liveness_check --prover_signal--> proving',
      '1060 proving --proof_complete--> publishing',
      '1060 publishing --publish_complete--> voting',
      '1060 voting --quorum_reached--> finalizing',
      '1060 finalizing --aggregation_done--> verifying',
      '1060 verifying --verification_done--> collecting',
      '1065 collecting --stop--> stopping',
      '1065 stopping --cleanup_complete--> stopped',
    ]);
    expect(f.sm.getSnapshot().activeState).toEqual(frame(1));
    expect(f.sm.getSnapshot().activeRank).toBe(1);
    expect(f.callsTo('sendProposal').map((c) => c.args[0])).toEqual([frame(1)]);
    expect(f.callsTo('sendConfirmation').map((c) => c.args[0])).toEqual([frame(1)]);
    expect(f.callsTo('decideAndSendVote')).toHaveLength(1);
    expect(f.errors).toEqual([]);
    expect(scheduler.actions).toHaveLength(0);
  });

  it('reads as a marble diagram under TestScheduler.run', () => {
    const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    testScheduler.run(({ expectObservable, cold }) => {
      const f = createFixture({ scheduler: testScheduler, delays: { collect: 10, proveNextState: 50 } });
      const states = f.sm.transition$.pipe(map((t) => t.to));
      cold('-a').subscribe(() => f.sm.start());
      cold('1069ms a').subscribe(() => f.sm.stop());
      const S = MachineState;
      // Start at frame 1 (after expectObservable subscribes). A group "(xy)" takes as many frames
      // as its characters: (bc) at 1001 spans 1001-1004, and so on.
      expectObservable(states).toBe('-a 999ms (bc) 6ms (de) 46ms (fghij) 1ms (kl)', {
        a: S.Starting,
        b: S.Loading,
        c: S.Collecting,
        d: S.LivenessCheck,
        e: S.Proving,
        f: S.Publishing,
        g: S.Voting,
        h: S.Finalizing,
        i: S.Verifying,
        j: S.Collecting,
        k: S.Stopping,
        l: S.Stopped,
      });
    });
  });
});
