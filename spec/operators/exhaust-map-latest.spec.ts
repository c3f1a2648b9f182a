/**
 * `exhaustMapLatest`: one run at a time, the latest value that came during a run projected once it
 * ends, completion when the source is done and no run is left, errors passed on, and every run
 * cancelled with the output, in virtual time.
 */
import { concat, defer, EMPTY, Observable, of, Subject, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { exhaustMapLatest } from '../../src/operators/exhaust-map-latest';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('exhaustMapLatest', () => {
  it('projects a value at once, and only the latest of those that came during a run once it ends', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions, flush }) => {
      const source = hot('a-b-c-------|');
      const inners: Record<string, ReturnType<typeof cold>> = {};
      const project = (v: string) => (inners[v] = cold('-----(v|)', { v }));
      expectObservable(source.pipe(exhaustMapLatest(project))).toBe('-----a----c-|');
      flush();
      expect(Object.keys(inners)).toEqual(['a', 'c']);
      expectSubscriptions(inners.a!.subscriptions).toBe('^----!');
      expectSubscriptions(inners.c!.subscriptions).toBe('-----^----!');
    });
  });

  it('projects the value that came during a run with that value', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const source = hot('a-b----|');
      expectObservable(source.pipe(exhaustMapLatest((v) => cold('---v|', { v: `${v}!` })))).toBe(
        '---a---b|',
        { a: 'a!', b: 'b!' },
      );
    });
  });

  it('completes when the source completes with no run in flight', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      expectObservable(hot('a----|').pipe(exhaustMapLatest(() => cold('-x|')))).toBe('-x---|');
      expectObservable(hot('---|').pipe(exhaustMapLatest(() => cold('-x|')))).toBe('---|');
    });
  });

  it('waits for the run in flight, and for the value waiting behind it, before completing', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const project = (v: string) => cold('----v|', { v });
      expectObservable(hot('a-|').pipe(exhaustMapLatest(project))).toBe('----a|');
      expectObservable(hot('a-b|').pipe(exhaustMapLatest(project))).toBe('----a----b|');
    });
  });

  it('errors with the source error, an inner error, or what project throws', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      expectObservable(hot('a-#').pipe(exhaustMapLatest(() => cold('----x|')))).toBe('--#');
      expectObservable(hot('a---').pipe(exhaustMapLatest(() => cold('-x-#')))).toBe('-x-#');
      const boom = new Error('boom');
      const source = hot('--a--b');
      const thrown = source.pipe(
        exhaustMapLatest((): Observable<string> => {
          throw boom;
        }),
      );
      expectObservable(thrown).toBe('--#', undefined, boom);
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('cancels the source and the run in flight when unsubscribed', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const source = hot('-a---b--');
      const inner = cold('------x|');
      expectObservable(source.pipe(exhaustMapLatest(() => inner)), '^--!').toBe('----');
      expectSubscriptions(source.subscriptions).toBe('^--!');
      expectSubscriptions(inner.subscriptions).toBe('-^-!');
    });
  });

  it('cancels the run of a value that came while the one before ended on subscription', () => {
    testScheduler().run(({ cold, expectSubscriptions, flush }) => {
      const source = new Subject<string>();
      const later = cold('---x|');
      // The run of 'a' sends 'b' to the source and ends at once: 'b' runs next, in the same call.
      const project = (v: string): Observable<string> =>
        v === 'a'
          ? defer(() => {
              source.next('b');
              return EMPTY;
            })
          : later;
      const seen: string[] = [];
      const subscription = source.pipe(exhaustMapLatest(project)).subscribe((x) => seen.push(x));
      source.next('a');
      subscription.unsubscribe();
      flush();
      expect(seen).toEqual([]);
      expectSubscriptions(later.subscriptions).toBe('(^!)');
    });
  });

  it('cancels a run that answered at once when the subscriber unsubscribed on that answer', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const rest = cold('--y|');
      const output = hot('a').pipe(
        exhaustMapLatest(() => concat(of('x'), rest)),
        take(1),
      );
      expectObservable(output).toBe('(x|)');
      expectSubscriptions(rest.subscriptions).toBe('(^!)');
    });
  });
});
