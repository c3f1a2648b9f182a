/**
 * Links whose delays are whole milliseconds. Fractional delays make scheduler times fractional,
 * and a timer armed at `start + k × patience` can then land a rounding error before its due
 * time and re-arm itself at the same instant forever (the reference vote's patience does this).
 * So the cluster draws each copy's delay (base latency plus reordering jitter) itself and rounds
 * it; the network's own `reorder` is then not used.
 */
import type { Latency, LinkOptions } from '../../transport/link';
import type { Rng } from '../../transport/rng';

export function wholeMsLink(link: Partial<LinkOptions>): Partial<LinkOptions> {
  const { latency, reorder, ...rest } = link;
  if (latency === undefined && reorder === undefined) return rest;
  const base = baseDelay(latency ?? 0);
  const jitter = reorder ?? 0;
  if (!(jitter >= 0 && jitter < Infinity))
    throw new RangeError(`link reorder must be a finite ms >= 0, got ${jitter}`);
  return {
    ...rest,
    reorder: 0,
    latency: (rng: Rng) => {
      const delay = base(rng) + (jitter > 0 ? rng.next() * jitter : 0);
      return Number.isFinite(delay) ? Math.round(delay) : delay;
    },
  };
}

function baseDelay(latency: Latency): (rng: Rng) => number {
  if (typeof latency === 'function') return latency;
  if (typeof latency === 'number') return () => latency;
  const { min, max } = latency;
  if (!(min >= 0 && max >= min && max < Infinity)) {
    throw new RangeError(`link latency must have 0 <= min <= max < Infinity, got ${min}..${max}`);
  }
  return (rng) => min + rng.next() * (max - min);
}

/**
 * The cluster's links: defaults and per-direction overrides kept as given, and handed to the
 * network whole (rounded by `wholeMsLink`), so changing only `loss` keeps the latency.
 */
export class LinkBook {
  private defaults: Partial<LinkOptions>;
  private readonly overrides = new Map<string, { from: string; to: string; link: Partial<LinkOptions> }>();

  constructor(
    private readonly apply: {
      setDefaultLink(link: Partial<LinkOptions>): void;
      setLink(from: string, to: string, link: Partial<LinkOptions>): void;
    },
    defaults: Partial<LinkOptions>,
  ) {
    this.defaults = defined(defaults);
  }

  setDefault(link: Partial<LinkOptions>): void {
    const next = { ...this.defaults, ...defined(link) };
    const compiled = wholeMsLink(next); // throws before anything changes
    this.defaults = next;
    this.apply.setDefaultLink(compiled);
    for (const { from, to, link: override } of this.overrides.values()) this.push(from, to, override);
  }

  setLink(from: string, to: string, link: Partial<LinkOptions>): void {
    const key = JSON.stringify([from, to]);
    const override = { ...this.overrides.get(key)?.link, ...defined(link) };
    this.push(from, to, override);
    this.overrides.set(key, { from, to, link: override });
  }

  private push(from: string, to: string, override: Partial<LinkOptions>): void {
    this.apply.setLink(from, to, wholeMsLink({ ...this.defaults, ...override }));
  }
}

function defined(link: Partial<LinkOptions>): Partial<LinkOptions> {
  return Object.fromEntries(Object.entries(link).filter(([, value]) => value !== undefined));
}
