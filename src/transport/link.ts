/**
 * How one direction of a link behaves (latency, loss, duplication, reordering jitter), checked once
 * and compiled into the few numbers and one function the send path reads per message.
 */
import type { Rng } from './rng';

/**
 * Base one-way delay in milliseconds: fixed, uniform in [min, max], or drawn by a function from the
 * link's own random stream. A function's negative result counts as 0; a NaN or infinite result
 * means the message never arrives (counted as `dropped`).
 */
export type Latency = number | { readonly min: number; readonly max: number } | ((rng: Rng) => number);

export interface LinkOptions {
  /** One-way delay of every message, ms: a number, `{ min, max }` (uniform) or a distribution. */
  readonly latency: Latency;
  /** Probability in [0, 1] that a message is lost. */
  readonly loss: number;
  /** Probability in [0, 1] that a message that was not lost also arrives a second time. */
  readonly duplicate: number;
  /** Extra delay uniform in [0, reorder) ms per copy, so messages on one link can overtake each other. */
  readonly reorder: number;
}

export const DEFAULT_LINK: LinkOptions = { latency: 0, loss: 0, duplicate: 0, reorder: 0 };

/** A link ready for the hot path. */
export interface CompiledLink {
  readonly loss: number;
  readonly duplicate: number;
  readonly reorder: number;
  /** Every message goes through with zero delay: skip all draws and the delay computation. */
  readonly instant: boolean;
  readonly baseDelay: (rng: Rng) => number;
}

export function compileLink(options: LinkOptions): CompiledLink {
  const { latency, loss, duplicate, reorder } = options;
  checkProbability('loss', loss);
  checkProbability('duplicate', duplicate);
  checkDelay('reorder', reorder);
  const baseDelay = compileLatency(latency);
  const instant = latency === 0 && reorder === 0 && loss === 0 && duplicate === 0;
  return { loss, duplicate, reorder, instant, baseDelay };
}

/**
 * The same link with each copy's whole delay (base latency plus reorder jitter) drawn by the
 * latency function and rounded to whole milliseconds; the network's own `reorder` is then 0.
 * Fractional delays make scheduler times fractional, and a timer armed at `start + k × patience`
 * can then land a rounding error before its due time and re-arm itself at that instant forever.
 */
export function wholeMsLink(link: Partial<LinkOptions>): Partial<LinkOptions> {
  const { latency, reorder, ...rest } = link;
  if (latency === undefined && reorder === undefined) return rest;
  const base = compileLatency(latency ?? 0);
  const jitter = reorder ?? 0;
  checkDelay('reorder', jitter);
  return {
    ...rest,
    reorder: 0,
    latency: (rng: Rng) => {
      const delay = base(rng) + (jitter > 0 ? rng.next() * jitter : 0);
      return Number.isFinite(delay) ? Math.round(delay) : delay;
    },
  };
}

function compileLatency(latency: Latency): (rng: Rng) => number {
  if (typeof latency === 'function') return latency;
  if (typeof latency === 'number') {
    checkDelay('latency', latency);
    return () => latency;
  }
  const { min, max } = latency;
  checkDelay('latency.min', min);
  checkDelay('latency.max', max);
  if (min > max) throw new RangeError(`link latency.min (${min}) exceeds latency.max (${max})`);
  const span = max - min;
  return span === 0 ? () => min : (rng) => min + rng.next() * span;
}

function checkProbability(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`link ${name} must be a probability in [0, 1], got ${p}`);
}

function checkDelay(name: string, ms: number): void {
  if (!(ms >= 0 && ms < Infinity)) throw new RangeError(`link ${name} must be a finite ms >= 0, got ${ms}`);
}
