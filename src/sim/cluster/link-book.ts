/**
 * The cluster's links: defaults and per-direction overrides kept as given, and handed to the
 * network whole, with delays in whole milliseconds (`wholeMsLink`), so changing only `loss` keeps
 * the latency.
 */
import { wholeMsLink, type LinkOptions } from '../../transport/link';

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
