/**
 * `fromResult`: a provider's answer (a value, a Promise or thenable, an Observable's first value)
 * as one Observable; every failure a `ProviderFailure` naming the provider and its cause; nothing
 * reaches the caller after the answer; `inFlight` told exactly when the call returned unsettled.
 */
import { concat, config, NEVER, Observable, of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { fromResult, isPromiseLike, ProviderFailure } from '../../src/operators/from-result';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** Everything `source` sends, synchronously, as [kind, value or error message]. */
function record<T>(source: Observable<T>) {
  const seen: unknown[] = [];
  const subscription = source.subscribe({
    next: (v) => seen.push(['next', v]),
    error: (e: unknown) => seen.push(['error', (e as Error).name, (e as Error).message]),
    complete: () => seen.push(['complete']),
  });
  return { seen, subscription };
}

/** Let every queued microtask run (a Promise's answer). */
const microtasks = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('fromResult', () => {
  it('answers a plain value at once', () => {
    expect(record(fromResult('p', () => 5)).seen).toEqual([['next', 5], ['complete']]);
  });

  it("answers an Observable's first value, when it comes, and unsubscribes it", () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const answer = cold('--a--b|');
      expectObservable(fromResult('p', () => answer)).toBe('--(a|)');
      expectSubscriptions(answer.subscriptions).toBe('^-!');
    });
  });

  it('unsubscribes an Observable that answered on subscription and would go on', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const rest = cold('--b|');
      expectObservable(fromResult('p', () => concat(of('a'), rest))).toBe('(a|)');
      expectSubscriptions(rest.subscriptions).toBe('(^!)');
    });
  });

  it('sends nothing after the answer, not even to a stopped subscriber (RxJS onStoppedNotification)', () => {
    const stopped: unknown[] = [];
    const previous = config.onStoppedNotification;
    config.onStoppedNotification = (notification) => stopped.push(notification);
    try {
      testScheduler().run(({ cold, flush }) => {
        const answers = [
          of('a', 'b'),
          new Observable<string>((late) => {
            late.next('a');
            late.error(new Error('late'));
          }),
          cold('-a-b|'),
          cold('-a-#'),
        ];
        const seen = answers.map((answer) => record(fromResult('p', () => answer)).seen);
        flush();
        expect(seen).toEqual(answers.map(() => [['next', 'a'], ['complete']]));
        expect(stopped).toEqual([]);
        // The hook does see what reaches a stopped subscriber.
        new Observable((subscriber) => {
          subscriber.complete();
          subscriber.next('late');
        }).subscribe();
        flush();
      });
      expect(stopped).toHaveLength(1);
    } finally {
      config.onStoppedNotification = previous;
    }
  });

  it('answers the empty value for an Observable that completes without one, else fails', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(fromResult('p', () => cold<undefined>('--|'), { value: undefined })).toBe('--(u|)', {
        u: undefined,
      });
      expectObservable(fromResult('p', () => cold<string>('--|'), { value: 'none' })).toBe('--(n|)', {
        n: 'none',
      });
      expectObservable(fromResult('p', () => cold<string>('--|'))).toBe(
        '--#',
        undefined,
        new ProviderFailure('p', new Error('completed without a value')),
      );
    });
    const failure = record(fromResult('voting.decide', () => of<string>()));
    expect(failure.seen).toEqual([
      ['error', 'ProviderFailure', 'voting.decide failed: completed without a value'],
    ]);
  });

  it('answers a Promise when it resolves, and fails when it rejects', async () => {
    const answered = record(fromResult('p', () => Promise.resolve(7)));
    const rejected = record(fromResult('p', () => Promise.reject(new Error('no'))));
    expect([answered.seen, rejected.seen]).toEqual([[], []]);
    await microtasks();
    expect(answered.seen).toEqual([['next', 7], ['complete']]);
    expect(rejected.seen).toEqual([['error', 'ProviderFailure', 'p failed: no']]);
  });

  it('takes any thenable, an object or a function, for a Promise', async () => {
    // Bare `then(resolve)` methods, cast to what a provider's type says it returns.
    const thenable = { then: (resolve: (v: number) => void) => resolve(1) } as unknown as PromiseLike<number>;
    const callable = Object.assign(() => 0, {
      then: (resolve: (v: number) => void) => resolve(2),
    }) as unknown as PromiseLike<number>;
    const seen = [record(fromResult('p', () => thenable)).seen, record(fromResult('p', () => callable)).seen];
    await microtasks();
    expect(seen).toEqual([
      [['next', 1], ['complete']],
      [['next', 2], ['complete']],
    ]);
    expect([
      isPromiseLike(thenable),
      isPromiseLike(callable),
      isPromiseLike(null),
      isPromiseLike({ then: 1 }),
    ]).toEqual([true, true, false, false]);
  });

  it('fails with a ProviderFailure naming the provider and the cause', () => {
    const failure = (cause: unknown) => {
      const { seen } = record(
        fromResult('p', () => {
          throw cause;
        }),
      );
      return seen;
    };
    expect(failure(new TypeError('bad'))).toEqual([['error', 'ProviderFailure', 'p failed: bad']]);
    expect(failure('text')).toEqual([['error', 'ProviderFailure', 'p failed: text']]);
    expect(failure(null)).toEqual([['error', 'ProviderFailure', 'p failed: null']]);
    expect(failure(Symbol('s'))).toEqual([['error', 'ProviderFailure', 'p failed: Symbol(s)']]);
    // No string at all: the cause's type.
    expect(failure(Object.create(null))).toEqual([['error', 'ProviderFailure', 'p failed: object']]);
    const error = new ProviderFailure('q', 'why');
    expect([error.name, error.provider, error.cause, error instanceof Error]).toEqual([
      'ProviderFailure',
      'q',
      'why',
      true,
    ]);
  });

  it('passes a ProviderFailure on as it is', () => {
    const inner = new ProviderFailure('inner', new Error('deep'));
    const errors: unknown[] = [];
    fromResult('outer', () => throwError(() => inner)).subscribe({ error: (e: unknown) => errors.push(e) });
    expect(errors).toEqual([inner]);
    expect(errors[0]).toBe(inner);
  });

  it('tells inFlight exactly when the call returned without settling, and works without it', async () => {
    const told: string[] = [];
    const call = <T>(name: string, answer: () => T | PromiseLike<T> | Observable<T>) =>
      record(fromResult(name, answer, undefined, () => told.push(name)));
    call('value', () => 1);
    call('observable answered', () => of(1));
    call('observable failed', () => throwError(() => new Error('x')));
    call('observable pending', () => NEVER);
    call('promise', () => Promise.resolve(1));
    expect(told).toEqual(['observable pending', 'promise']);
    // Without inFlight a pending call is simply pending.
    const pending = record(fromResult('p', () => NEVER));
    const promised = record(fromResult('p', () => Promise.resolve(3)));
    expect([pending.seen, promised.seen]).toEqual([[], []]);
    await microtasks();
    expect(promised.seen).toEqual([['next', 3], ['complete']]);
  });
});
