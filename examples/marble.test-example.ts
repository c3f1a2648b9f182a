/**
 * A marble test of a consensus machine, ready to copy into your own test suite (jest or vitest).
 * Under RxJS's `TestScheduler.run`, every timer of the machine runs in virtual time with no
 * scheduler passed to it (run mode virtualizes the default one, as for RxJS's own operators), so
 * a whole round reads as a marble diagram and the test takes no real time. (It runs in this project's
 * suite through `spec/demo/marble-example.spec.ts`.)
 *
 * The machine is the lone validator of `single-node.ts`: `starting` waits 100 ms, proving takes
 * 200 ms, every other step answers at once. In a marble diagram a group "(abc)" is several values
 * in one frame and takes as many frames as its characters, brackets included.
 */
import { distinctUntilChanged, map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { MachineState } from 'rx-consensus';
import { createSoloMachine } from './single-node';

const S = MachineState;

describe('a lone validator, as marbles', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('runs a round at exact virtual instants', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const machine = createSoloMachine(undefined, () => undefined);
      // Start at 1 ms (at 0 the expectation below has not subscribed yet); stop at 350 ms.
      cold('-a').subscribe(() => machine.start());
      cold('350ms a').subscribe(() => machine.stop());

      const states = machine.transition$.pipe(map((t) => t.to));
      // 1: starting; 101: through sync and liveness into proving; 301: the proof is in, the round
      // completes and the next one starts proving; 350: stopped.
      expectObservable(states).toBe('-a 99ms (bcde) 194ms (fghijkl) 40ms (mn)', {
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
        k: S.LivenessCheck,
        l: S.Proving,
        m: S.Stopping,
        n: S.Stopped,
      });
    });
  });

  it('finalizes one block per proof', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const machine = createSoloMachine(undefined, () => undefined);
      cold('a').subscribe(() => machine.start());
      cold('1s a').subscribe(() => machine.close());

      // The id of the active block whenever it changes: genesis after sync, then one per 200 ms.
      const blocks = machine.state$.pipe(
        map((snapshot) => snapshot.activeState?.id ?? 'none'),
        distinctUntilChanged(),
      );
      expectObservable(blocks).toBe('n 99ms g 199ms 1 199ms 2 199ms 3 199ms 4 99ms |', {
        n: 'none',
        g: 'block-0',
        1: 'block-1',
        2: 'block-2',
        3: 'block-3',
        4: 'block-4',
      });
    });
  });
});
