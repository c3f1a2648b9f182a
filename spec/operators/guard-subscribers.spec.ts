/**
 * `guardSubscribers`: what a direct subscriber's handler throws is reported, naming the handler,
 * and the stream goes on for everyone; handlers a subscriber left out are skipped; operators piped
 * onto the stream subscribe as usual (their unsubscription reaches the source).
 */
import { asyncScheduler, map, Subject, type Subscription, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { guardSubscribers } from '../../src/operators/guard-subscribers';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** A guarded Subject and what its report was told, as [message, error message]. */
function guarded() {
  const source = new Subject<number>();
  const reports: [string, string][] = [];
  const stream = guardSubscribers(source, (message, err) => reports.push([message, (err as Error).message]));
  return { source, stream, reports };
}

const thrower = (what: string) => () => {
  throw new Error(what);
};

describe('guardSubscribers', () => {
  it("reports what a subscriber's next, error or complete handler throws, naming it, and goes on", () => {
    const { source, stream, reports } = guarded();
    const others: unknown[] = [];
    stream.subscribe({ next: thrower('in next'), error: thrower('in error') });
    stream.subscribe(thrower('in a function'));
    stream.subscribe({ complete: thrower('in complete') });
    stream.subscribe({ next: (v) => others.push(v), complete: () => others.push('done') });
    source.next(1);
    source.next(2);
    source.complete();
    expect(others).toEqual([1, 2, 'done']);
    expect(reports).toEqual([
      ["a subscriber's next handler threw; consensus goes on", 'in next'],
      ["a subscriber's next handler threw; consensus goes on", 'in a function'],
      ["a subscriber's next handler threw; consensus goes on", 'in next'],
      ["a subscriber's next handler threw; consensus goes on", 'in a function'],
      ["a subscriber's complete handler threw; consensus goes on", 'in complete'],
    ]);

    const failing = guarded();
    const errors: unknown[] = [];
    failing.stream.subscribe({ error: thrower('in error') });
    failing.stream.subscribe({ error: (e: unknown) => errors.push((e as Error).message) });
    failing.source.error(new Error('source failed'));
    expect(errors).toEqual(['source failed']);
    expect(failing.reports).toEqual([["a subscriber's error handler threw; consensus goes on", 'in error']]);
  });

  it('calls a handler with the subscriber as `this`', () => {
    const { source, stream } = guarded();
    const seen: unknown[] = [];
    const observer = {
      tag: 'me',
      next(this: { tag: string }, v: number) {
        seen.push([this.tag, v]);
      },
    };
    stream.subscribe(observer);
    source.next(3);
    expect(seen).toEqual([['me', 3]]);
  });

  it('skips the handlers a subscriber left out', () => {
    const { source, stream, reports } = guarded();
    const seen: unknown[] = [];
    stream.subscribe({ next: (v) => seen.push(v) });
    stream.subscribe({ complete: () => seen.push('done') });
    source.next(1);
    source.complete();
    const failing = guarded();
    failing.stream.subscribe({ next: (v) => seen.push(v) });
    failing.source.error(new Error('unheard'));
    expect(seen).toEqual([1, 'done']);
    expect([reports, failing.reports]).toEqual([[], []]);
  });

  it('takes a subscription with no subscriber, or null, and unsubscribes it', () => {
    const reports: unknown[] = [];
    testScheduler().run(({ hot, expectSubscriptions }) => {
      const source = hot('-a-b-c|');
      const stream = guardSubscribers(source, (m) => reports.push(m));
      const bare = stream.subscribe();
      const nulled = (stream.subscribe as (o: null) => Subscription)(null);
      asyncScheduler.schedule(() => {
        bare.unsubscribe();
        nulled.unsubscribe();
      }, 3);
      expectSubscriptions(source.subscriptions).toBe(['^--!', '^--!']);
    });
    expect(reports).toEqual([]);
  });

  it('lets an operator piped onto it subscribe as usual: its unsubscription reaches the source', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('-a-b-c-d|');
      const stream = guardSubscribers(source, () => undefined);
      expectObservable(
        stream.pipe(
          take(2),
          map((v) => v.toUpperCase()),
        ),
      ).toBe('-A-(B|)');
      expectObservable(stream, '^----!').toBe('-a-b-');
      expectSubscriptions(source.subscriptions).toBe(['^--!', '^----!']);
    });
  });

  it('passes a subscription made through an operator the errors of the source', () => {
    const { source, stream } = guarded();
    const errors: unknown[] = [];
    stream.pipe(map((v) => v * 2)).subscribe({ error: (e: unknown) => errors.push((e as Error).message) });
    source.error(new Error('source failed'));
    expect(errors).toEqual(['source failed']);
  });
});
