/**
 * Every directed link's behaviour (defaults with per-link overrides on top) and random stream,
 * opened on first use and found by node index on the hot path.
 */
import { compileLink, DEFAULT_LINK, type CompiledLink, type LinkOptions } from './link';
import type { Rng } from './rng';

export interface Link {
  compiled: CompiledLink;
  /** The link's own random stream: one link's traffic never shifts another's draws. */
  readonly rng: Rng;
}

interface Node {
  readonly id: string;
  readonly index: number;
}

export class LinkTable {
  private defaults: LinkOptions;
  private defaultCompiled: CompiledLink;
  private readonly overrides = new Map<string, Map<string, Partial<LinkOptions>>>();
  /** Open links by sender index, then recipient index, with the ids they were opened for. */
  private readonly rows: ({ link: Link; from: string; to: string } | undefined)[][] = [];

  constructor(
    private readonly root: Rng,
    defaults: Partial<LinkOptions> | undefined,
    /** The index of a node id the network knows, if any. */
    private readonly indexOf: (id: string) => number | undefined,
  ) {
    this.defaults = mergeLink(DEFAULT_LINK, defaults);
    this.defaultCompiled = compileLink(this.defaults);
  }

  between(from: Node, to: Node): Link {
    const row = this.rows[from.index] ?? (this.rows[from.index] = []);
    return (row[to.index] ?? this.open(row, from, to)).link;
  }

  /** Overrides one direction, merged over any earlier override for it. */
  setLink(from: string, to: string, options: Partial<LinkOptions>): void {
    const byTarget = this.overrides.get(from) ?? new Map<string, Partial<LinkOptions>>();
    const override = { ...byTarget.get(to), ...defined(options) };
    const compiled = compileLink(mergeLink(this.defaults, override)); // throws before anything changes
    byTarget.set(to, override);
    this.overrides.set(from, byTarget);
    const fromIndex = this.indexOf(from);
    const toIndex = this.indexOf(to);
    const open =
      fromIndex === undefined || toIndex === undefined ? undefined : this.rows[fromIndex]?.[toIndex];
    if (open) open.link.compiled = compiled;
  }

  /** Changes the defaults under every override. */
  setDefault(options: Partial<LinkOptions>): void {
    const defaults = mergeLink(this.defaults, options);
    this.defaultCompiled = compileLink(defaults);
    this.defaults = defaults;
    for (const row of this.rows) {
      for (const open of row ?? []) if (open) open.link.compiled = this.compiledFor(open.from, open.to);
    }
  }

  private open(row: ({ link: Link; from: string; to: string } | undefined)[], from: Node, to: Node) {
    const link = {
      compiled: this.compiledFor(from.id, to.id),
      rng: this.root.fork(`link ${JSON.stringify(from.id)} ${JSON.stringify(to.id)}`),
    };
    return (row[to.index] = { link, from: from.id, to: to.id });
  }

  private compiledFor(from: string, to: string): CompiledLink {
    const override = this.overrides.get(from)?.get(to);
    return override === undefined ? this.defaultCompiled : compileLink(mergeLink(this.defaults, override));
  }
}

/** Applies the defined fields of a partial link over a full one. */
function mergeLink(base: LinkOptions, partial: Partial<LinkOptions> | undefined): LinkOptions {
  return partial === undefined ? base : { ...base, ...defined(partial) };
}

function defined(partial: Partial<LinkOptions>): Partial<LinkOptions> {
  return Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
}
