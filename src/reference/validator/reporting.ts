/**
 * What a validator reports as it runs (`events$`), and the one way it contains a failure: traced,
 * reported as an `error` event, never thrown at the transport, the store or the machine.
 */
import { Subject, type Observable } from 'rxjs';
import type { Tracer } from '../../engine/types';
import { describeError } from '../../guard/describe';
import type { ValidatorEvent } from './events';

export interface Reporting {
  readonly events$: Observable<ValidatorEvent>;
  report(event: ValidatorEvent): void;
  /** A failure that was contained. */
  failed(message: string, err: unknown): void;
  /** Runs `run`, reporting a throw as `what` failed. */
  contained(what: string, run: () => void): void;
  complete(): void;
}

export function createReporting(tracer: Tracer | undefined): Reporting {
  const events = new Subject<ValidatorEvent>();
  const report = (event: ValidatorEvent): void => {
    if (events.observed) events.next(event);
  };
  const failed = (message: string, err: unknown): void => {
    tracer?.error(message, err);
    report({ kind: 'error', message: `${message}: ${describeError(err)}` });
  };
  return {
    events$: events.asObservable(),
    report,
    failed,
    contained(what, run) {
      try {
        run();
      } catch (err) {
        failed(what, err);
      }
    },
    complete: () => events.complete(),
  };
}
