/**
 * The node's Prometheus metrics (prom-client, an optional peer loaded on first use), served as
 * `/metrics` by the client interface (`http-api.ts`). Counters end in `_total`.
 */
import type * as PromClient from 'prom-client';

export interface NodeMetrics {
  finalized(rank: number): void;
  rankChanged(rank: number, by: string): void;
  /**
   * A message or peer refused. A copy of a message for a rank already over (`stale`: a re-send
   * or a late delivery, which honest peers send all the time) is counted as late, not refused.
   */
  refused(layer: 'transport' | 'validator', reason: string): void;
  caughtUp(): void;
  sent(kind: string): void;
  /** A mutation given to the client interface: accepted, or the status it was refused with. */
  submitted(outcome: string): void;
  readonly registry: PromClient.Registry;
}

export function createNodeMetrics(
  counters: () => { messagesIn: number; messagesOut: number; bytesIn?: number; bytesOut?: number },
  pending: () => number = () => 0,
  storeWrites?: () => { readonly synced: number; readonly unsynced: number },
): NodeMetrics {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const prom = require('prom-client') as typeof PromClient;
  const registry = new prom.Registry();
  prom.collectDefaultMetrics({ register: registry });
  const at = { registers: [registry] };
  const finalizedRank = new prom.Gauge({ name: 'rxc_finalized_rank', help: 'Highest finalized rank', ...at });
  const rank = new prom.Gauge({ name: 'rxc_rank', help: 'Rank in progress', ...at });
  const rankDuration = new prom.Histogram({
    name: 'rxc_rank_duration_seconds',
    help: 'Time spent in each rank before it ended',
    labelNames: ['by'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ...at,
  });
  const rankChanges = new prom.Counter({
    name: 'rxc_rank_changes_total',
    help: 'Rank changes by what ended the rank (quorum, timeout certificate, certificate seen)',
    labelNames: ['by'],
    ...at,
  });
  const timeouts = new prom.Counter({
    name: 'rxc_timeouts_sent_total',
    help: 'Timeout votes signed and sent',
    ...at,
  });
  const refusals = new prom.Counter({
    name: 'rxc_refusals_total',
    help: 'Messages or peers refused, by layer and reason',
    labelNames: ['layer', 'reason'],
    ...at,
  });
  const late = new prom.Counter({
    name: 'rxc_late_total',
    help: 'Copies of messages for ranks already over (re-sends, late deliveries), dropped unread',
    ...at,
  });
  const catchUps = new prom.Counter({
    name: 'rxc_catch_ups_total',
    help: 'Catch-ups that took frames',
    ...at,
  });
  const sentByKind = new prom.Counter({
    name: 'rxc_signed_sent_total',
    help: 'Signed messages sent, by kind',
    labelNames: ['kind'],
    ...at,
  });
  // The transport keeps running totals; each scrape adds what arrived since the last one.
  const seen = { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 };
  const total = (name: string, help: string, field: keyof typeof seen) =>
    new prom.Counter({
      name,
      help,
      collect() {
        const now = counters()[field] ?? 0;
        if (now > seen[field]) this.inc(now - seen[field]);
        seen[field] = now;
      },
      ...at,
    });
  total('rxc_messages_in_total', 'Messages received from validators (transport)', 'messagesIn');
  total('rxc_messages_out_total', 'Messages handed to the network (transport)', 'messagesOut');
  total('rxc_bytes_in_total', 'Bytes received from validators, framing included (transport)', 'bytesIn');
  total('rxc_bytes_out_total', 'Bytes written to validators, framing included (transport)', 'bytesOut');
  if (storeWrites !== undefined) {
    const written = { synced: 0, unsynced: 0 };
    new prom.Counter({
      name: 'rxc_store_writes_total',
      help: 'Store transactions: synced (waited for the disk) or unsynced',
      labelNames: ['sync'],
      collect() {
        const now = storeWrites();
        for (const sync of ['synced', 'unsynced'] as const) {
          if (now[sync] > written[sync]) this.inc({ sync }, now[sync] - written[sync]);
          written[sync] = now[sync];
        }
      },
      ...at,
    });
  }
  const submissions = new prom.Counter({
    name: 'rxc_mutations_submitted_total',
    help: 'Mutations posted to the client interface, by outcome (accepted, or the refusal)',
    labelNames: ['outcome'],
    ...at,
  });
  new prom.Gauge({
    name: 'rxc_mutations_pending',
    help: 'Mutations in the pool, waiting for a finalized frame',
    collect() {
      this.set(pending());
    },
    ...at,
  });
  let rankStarted = Date.now();
  return {
    registry,
    finalized: (r) => finalizedRank.set(r),
    rankChanged(r, by) {
      const now = Date.now();
      rankDuration.observe({ by }, (now - rankStarted) / 1000);
      rankStarted = now;
      rankChanges.inc({ by });
      rank.set(r);
    },
    refused(layer, reason) {
      if (layer === 'validator' && reason === 'stale') late.inc();
      else refusals.inc({ layer, reason });
    },
    caughtUp: () => catchUps.inc(),
    submitted: (outcome) => submissions.inc({ outcome }),
    sent(kind) {
      sentByKind.inc({ kind });
      if (kind === 'timeout') timeouts.inc();
    },
  };
}
