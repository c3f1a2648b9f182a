/**
 * The runtime alone, around a stand-in reducer whose answer each input chooses: inputs folded one
 * at a time in arrival order (one sent while folding waits), each caller answered with its own
 * outcome, each step published and routed (a state entered, a settle at the end of an instant with
 * new data, `settled$` for the settle), and nothing folded once closed.
 */
import { queueScheduler, type SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { Input } from '../../src/engine/inputs';
import type { Outcome } from '../../src/engine/outcome';
import type { Step } from '../../src/engine/reducer';
import type { MachineSnapshot } from '../../src/engine/snapshot';
import { Runtime } from '../../src/runtime/runtime';

type Snapshot = MachineSnapshot<unknown, unknown, unknown, unknown>;
type AnyInput = Input<unknown, unknown, unknown, unknown>;

/** A stand-in snapshot: the inputs folded so far, by name. */
const snapshotOf = (folded: readonly string[]) => ({ folded }) as unknown as Snapshot;
const foldedIn = (snapshot: Snapshot) => (snapshot as unknown as { folded: string[] }).folded;

/** An input named `name` whose fold answers `outcome`. */
const input = (name: string, outcome: Outcome) => ({ type: 'event', name, outcome }) as unknown as AnyInput;

const TRANSITION: Outcome = {
  type: 'transition',
  transition: { from: 'stopped', to: 'collecting', event: 'start', at: 0 },
} as unknown as Outcome;
const STORED: Outcome = { type: 'stored', kind: 'vote' };
const UPDATED: Outcome = { type: 'updated' };
const INTERNAL = { type: 'internal', event: 'proposal_received' } as unknown as Outcome;
const DUPLICATE: Outcome = { type: 'duplicate', kind: 'vote' };
const IGNORED: Outcome = { type: 'ignored', reason: 'left' };
const FAULT: Outcome = { type: 'fault', error: new Error('broken') };

function runtimeWith(
  scheduler: SchedulerLike,
  settleScheduler: SchedulerLike,
  onPublish?: (step: Step<unknown, unknown, unknown, unknown>) => void,
) {
  const log: unknown[] = [];
  const runtime = new Runtime<unknown, unknown, unknown, unknown>(
    {
      reduce: (snapshot, given, now) => {
        const { name, outcome } = given as unknown as { name?: string; outcome?: Outcome };
        const label = given.type === 'settle' ? 'settle' : name!;
        log.push(['fold', label, now]);
        return {
          snapshot: snapshotOf([...foldedIn(snapshot), label]),
          outcome: outcome ?? { type: 'settled' },
          input: given,
        };
      },
      scheduler,
      settleScheduler,
      publish: (step) => {
        log.push(['publish', step.outcome.type, foldedIn(step.snapshot).length]);
        onPublish?.(step);
      },
    },
    snapshotOf([]),
  );
  runtime.entered$.subscribe((step) => log.push(['entered', step.outcome.type]));
  runtime.settled$.subscribe({
    next: () => log.push(['settled$']),
    complete: () => log.push(['settled$ done']),
  });
  runtime.outcome$.subscribe({
    next: (o) => log.push(['outcome$', o.type]),
    complete: () => log.push(['outcome$ done']),
  });
  return { runtime, log };
}

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('Runtime', () => {
  it('folds inputs one at a time, in arrival order, and answers each caller with its own outcome', () => {
    const ts = testScheduler();
    ts.run(() => {
      const answers: unknown[] = [];
      let sentFromListener = false;
      const { runtime, log } = runtimeWith(ts, ts, (step) => {
        // An input sent while another is folded waits for it: the caller learns nothing yet.
        if (sentFromListener) return;
        sentFromListener = true;
        expect(foldedIn(step.snapshot)).toEqual(['a']);
        answers.push(['re-entrant', runtime.send(input('b', DUPLICATE))]);
        answers.push(['re-entrant', runtime.send(input('c', IGNORED))]);
        expect(foldedIn(runtime.current())).toEqual(['a']);
      });
      ts.schedule(() => answers.push(['a', runtime.send(input('a', DUPLICATE))]), 4);
      ts.flush();
      expect(answers).toEqual([
        ['re-entrant', undefined],
        ['re-entrant', undefined],
        ['a', DUPLICATE],
      ]);
      expect(foldedIn(runtime.current())).toEqual(['a', 'b', 'c']);
      expect(log).toEqual([
        ['fold', 'a', 4],
        ['publish', 'duplicate', 1],
        ['outcome$', 'duplicate'],
        ['fold', 'b', 4],
        ['publish', 'duplicate', 2],
        ['outcome$', 'duplicate'],
        ['fold', 'c', 4],
        ['publish', 'ignored', 3],
        ['outcome$', 'ignored'],
      ]);
      // The mailbox is empty again: the next input is folded at once.
      expect(runtime.send(input('d', IGNORED))).toEqual(IGNORED);
    });
  });

  it('enters a state on a transition or a fault, settles once at the end of an instant with new data, and only then', () => {
    const ts = testScheduler();
    ts.run(() => {
      const { runtime, log } = runtimeWith(ts, ts);
      ts.schedule(() => {
        runtime.send(input('t', TRANSITION));
        runtime.send(input('dup', DUPLICATE));
        runtime.send(input('ign', IGNORED));
      }, 1);
      ts.schedule(() => {
        runtime.send(input('s', STORED));
        runtime.send(input('u', UPDATED));
        runtime.send(input('i', INTERNAL));
      }, 2);
      ts.schedule(() => runtime.send(input('f', FAULT)), 3);
      ts.flush();
      const routed = log.filter(
        (entry) => (entry as string[])[0] !== 'publish' && (entry as string[])[0] !== 'outcome$',
      );
      expect(routed).toEqual([
        ['fold', 't', 1],
        ['entered', 'transition'],
        ['fold', 'dup', 1],
        ['fold', 'ign', 1],
        ['fold', 's', 2],
        ['fold', 'u', 2],
        ['fold', 'i', 2],
        ['fold', 'settle', 2],
        ['settled$'],
        ['fold', 'f', 3],
        ['entered', 'fault'],
      ]);
    });
  });

  it('settles each instant even on a scheduler that runs the settle at once', () => {
    const ts = testScheduler();
    ts.run(() => {
      // queueScheduler, outside its own queue, runs work as soon as it is scheduled.
      const { runtime, log } = runtimeWith(ts, queueScheduler);
      runtime.send(input('s1', STORED));
      runtime.send(input('s2', STORED));
      expect(
        log.filter((entry) => (entry as string[])[0] === 'fold' || (entry as string[])[0] === 'settled$'),
      ).toEqual([
        ['fold', 's1', 0],
        ['fold', 'settle', 0],
        ['settled$'],
        ['fold', 's2', 0],
        ['fold', 'settle', 0],
        ['settled$'],
      ]);
    });
  });

  it('once closed, ends in the final snapshot: streams complete, the settle is cancelled, nothing is folded', () => {
    const ts = testScheduler();
    ts.run(() => {
      const { runtime, log } = runtimeWith(ts, ts);
      runtime.send(input('s', STORED));
      const final = snapshotOf(['final']);
      runtime.close(final);
      expect(runtime.send(input('late', DUPLICATE))).toBeUndefined();
      runtime.close(snapshotOf(['closed again']));
      ts.flush();
      expect(runtime.current()).toBe(final);
      expect(log).toEqual([
        ['fold', 's', 0],
        ['publish', 'stored', 1],
        ['outcome$', 'stored'],
        ['settled$ done'],
        ['outcome$ done'],
      ]);
    });
  });
});
