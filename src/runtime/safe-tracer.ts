/** The user's tracer, guarded: a tracer that throws must not break the event loop or an effect. */
import type { Tracer } from '../engine/types';

export function safeTracer(tracer: Tracer): Tracer {
  return {
    trace(message) {
      try {
        tracer.trace(message);
      } catch {
        // A broken tracer loses its trace line, never a transition.
      }
    },
    error(message, err) {
      try {
        tracer.error(message, err);
      } catch {
        // As above: reporting must not fail the thing it reports on.
      }
    },
  };
}
