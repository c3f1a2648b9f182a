/**
 * `fromResult`: turn a provider's answer (plain value, Promise, or Observable whose first value
 * counts) into one cancellable Observable, with failures (throw, rejection, error, an Observable
 * that completes without a value) wrapped as `ProviderFailure` naming the provider method.
 */
import { defer, from, isObservable, of, throwError, type Observable } from 'rxjs';
import { catchError, take, throwIfEmpty } from 'rxjs/operators';
import type { Result } from '../engine/types';

export class ProviderFailure extends Error {
  override readonly name = 'ProviderFailure';
  constructor(
    readonly provider: string,
    override readonly cause: unknown,
  ) {
    super(`${provider} failed: ${cause instanceof Error ? cause.message : String(describeCause(cause))}`);
  }
}

function describeCause(cause: unknown): string {
  try {
    return typeof cause === 'symbol' ? cause.toString() : String(cause);
  } catch {
    return typeof cause;
  }
}

export const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') &&
  value !== null &&
  typeof (value as { then?: unknown }).then === 'function';

/** Wrap `invoke` (called lazily, on subscription) as an Observable of its single answer. */
export function fromResult<T>(
  provider: string,
  invoke: () => Result<T>,
  emptyValue?: { value: T },
): Observable<T> {
  return defer(() => {
    const result = invoke();
    if (isObservable(result)) {
      return result.pipe(
        take(1),
        throwIfEmpty(() => new Error('completed without a value')),
      );
    }
    if (isPromiseLike(result)) return from(result as PromiseLike<T>);
    return of(result);
  }).pipe(
    catchError((err: unknown) => {
      if (emptyValue !== undefined && err instanceof Error && err.message === 'completed without a value') {
        return of(emptyValue.value);
      }
      return throwError(() => (err instanceof ProviderFailure ? err : new ProviderFailure(provider, err)));
    }),
  );
}
