/**
 * `raceTimer` against the RxJS composition it stands for, `race(source, timer(due).pipe(map(f)))`:
 * for each source timeline both give the same marbles and the same subscription of the source.
 */
import {
  concat,
  EMPTY,
  map,
  NEVER,
  type Observable,
  of,
  race,
  type SchedulerLike,
  throwError,
  timer,
} from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { raceTimer } from '../../src/operators/race-timer';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

type Race = (
  source: Observable<string>,
  due: number,
  ts: TestScheduler,
  f: () => string,
) => Observable<string>;
const original: Race = (source, due, ts, f) => race(source, timer(due, ts).pipe(map(f)));
const handWritten: Race = (source, due, ts, f) => raceTimer(source, due, ts, f);

/** The marbles and the source's subscription log of one race. */
function run(
  make: Race,
  sourceMarbles: string,
  due: number,
  onTimeout: () => string,
  unsubscribe?: string,
  syncFirst?: string,
) {
  const ts = scheduler();
  let result: { marbles: unknown; subscriptions: unknown } | undefined;
  ts.run(({ cold, flush }) => {
    const source = cold(sourceMarbles, undefined, new Error('source failed'));
    const values: unknown[] = [];
    // A source that answers on subscription, then goes on as `sourceMarbles`.
    const raced = make(syncFirst === undefined ? source : concat(of(syncFirst), source), due, ts, onTimeout);
    if (unsubscribe === undefined) {
      raced.subscribe({
        next: (v) => values.push([ts.now(), 'next', v]),
        error: (e: unknown) => values.push([ts.now(), 'error', (e as Error).message]),
        complete: () => values.push([ts.now(), 'complete']),
      });
    } else {
      const sub = raced.subscribe({
        next: (v) => values.push([ts.now(), 'next', v]),
        complete: () => values.push([ts.now(), 'complete']),
      });
      ts.schedule(() => sub.unsubscribe(), Number(unsubscribe));
    }
    flush();
    result = { marbles: values, subscriptions: source.subscriptions };
  });
  return result!;
}

const timeout = () => 'T';
const CASES: readonly [string, string, number, string?][] = [
  ['the source answers before the timer', '--a--b|', 10],
  ['the source answers in the same instant it is subscribed', '(ab)--c|', 10],
  ['the timer fires first', '--------------a|', 10],
  ['the source completes first, without a value', '---|', 10],
  ['the source fails first', '---#', 10],
  ['the source fails after it won', '-a--#', 3],
  ['the source never answers', '-', 5],
  ['a zero timeout against a synchronous source', '(a|)', 0],
  ['a zero timeout against a later source', '-a|', 0],
  ['a negative timeout is a zero one', '-a|', -4],
  ['unsubscribed before either', '------a|', 20, '3'],
  ['unsubscribed after the source won', '-a------b|', 20, '4'],
];

describe('raceTimer, against race(source, timer(due).pipe(map(f)))', () => {
  // One argument (an object): with a parameter per field Jest would take the fourth for `done`.
  it.each(CASES.map(([name, source, due, unsubscribe]) => ({ name, source, due, unsubscribe })))(
    '$name',
    ({ source, due, unsubscribe }) => {
      const want = run(original, source, due, timeout, unsubscribe);
      const got = run(handWritten, source, due, timeout, unsubscribe);
      expect(got).toEqual(want);
    },
  );

  it.each([
    ['and goes on', '--b--c|', 10],
    ['and goes on past the timer', '-----------b|', 10],
    ['and never again', '-', 10],
    ['against a zero timeout', '---b|', 0],
  ])('the source answers on subscription %s', (_name, source, due) => {
    const want = run(original, source, due, timeout, undefined, 's');
    const got = run(handWritten, source, due, timeout, undefined, 's');
    expect(got).toEqual(want);
    expect(want.marbles).toContainEqual([0, 'next', 's']);
  });

  it('an onTimeout that throws errors the race, as map would', () => {
    const boom = () => {
      throw new Error('boom');
    };
    const want = run(original, '-----a|', 2, boom);
    expect(run(handWritten, '-----a|', 2, boom)).toEqual(want);
    expect(want.marbles).toEqual([[2, 'error', 'boom']]);
  });

  it('the timer is not scheduled when the source answered on subscription', () => {
    const ts = scheduler();
    ts.run(({ cold, flush }) => {
      let calls = 0;
      raceTimer(cold('(a|)'), 5, ts, () => String(++calls)).subscribe();
      flush();
      expect(calls).toBe(0);
      expect(ts.actions).toHaveLength(0);
    });
  });

  it('schedules no timer for a source that answered or ended on subscription', () => {
    const ts = scheduler();
    ts.run(({ flush }) => {
      let scheduled = 0;
      const counting: SchedulerLike = {
        now: () => ts.now(),
        schedule: (...args: Parameters<SchedulerLike['schedule']>) => {
          scheduled++;
          return ts.schedule(...args);
        },
      };
      const sources: Observable<string>[] = [
        of('a'),
        concat(of('a'), NEVER),
        EMPTY,
        throwError(() => new Error('at once')),
      ];
      for (const source of sources)
        raceTimer(source, 5, counting, timeout).subscribe({ error: () => undefined });
      expect(scheduled).toBe(0);
      raceTimer(NEVER, 5, counting, timeout).subscribe();
      expect(scheduled).toBe(1);
      flush();
    });
  });
});
