/**
 * `combine(...strategies)`: one node doing several things wrong at once. It is faulty if any part
 * is; it runs the honest core if any part asks for it, with every part's outbound filter applied
 * in order; each part is started with the same context and torn down together.
 */
import { Subscription } from 'rxjs';
import type { ByzantineStrategy, OutboundFilter } from './types';

export function combine(...strategies: readonly ByzantineStrategy[]): ByzantineStrategy {
  if (strategies.length === 0) throw new RangeError('combine needs at least one strategy');
  const cores = strategies.filter((s) => s.honestCore !== undefined).map((s) => s.honestCore!);
  const filters = cores.flatMap((core) => (core.outbound === undefined ? [] : [core.outbound]));
  return {
    name: strategies.map((s) => s.name).join('+'),
    faulty: strategies.some((s) => s.faulty),
    ...(cores.length === 0 ? {} : { honestCore: filters.length === 0 ? {} : { outbound: chain(filters) } }),
    start(ctx) {
      const all = new Subscription();
      for (const strategy of strategies) all.add(strategy.start(ctx));
      return all;
    },
  };
}

/** The filters applied one after another: each one's `forward` is the next one. */
function chain(filters: readonly OutboundFilter[]): OutboundFilter {
  return filters.reduceRight(
    (next, filter) => (out, forward, ctx) => filter(out, (passed) => next(passed, forward, ctx), ctx),
  );
}
