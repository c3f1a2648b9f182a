/** The default place for errors the transport layer catches: where RxJS reports subscriber errors. */
import { config } from 'rxjs';

export function reportUnhandled(context: string, error: unknown): void {
  if (config.onUnhandledError) config.onUnhandledError(error);
  else console.error(`rx-consensus transport: ${context}`, error);
}
