/**
 * Feed a guarded inbound path from a transport's stream of raw messages (bytes, text or parsed
 * values). Every item goes through `accept`; nothing from the stream reaches the machine any other
 * way. An erroring stream is reported to `onError`, never thrown.
 */
import type { Observable, Subscription } from 'rxjs';
import type { GuardedInbound } from './guarded-inbound';

export function attachGuarded<S, V, P, C>(
  inbound: GuardedInbound<S, V, P, C>,
  raw$: Observable<unknown>,
  onError: (error: unknown) => void = () => undefined,
): Subscription {
  return raw$.subscribe({ next: (raw) => void inbound.accept(raw), error: onError });
}
