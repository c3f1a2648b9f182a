/**
 * The node's `/metrics` (Prometheus text, via prom-client, an optional peer loaded on first use)
 * and `/health` (JSON status) on one HTTP port.
 */
import { createServer, type Server } from 'node:http';
import type * as PromClient from 'prom-client';

export interface NodeMetrics {
  finalized(rank: number): void;
  rankChanged(rank: number, by: string): void;
  refused(layer: 'transport' | 'validator', reason: string): void;
  caughtUp(): void;
  sent(kind: string): void;
  readonly registry: PromClient.Registry;
}

export function createNodeMetrics(
  counters: () => { messagesIn: number; messagesOut: number; bytesIn?: number; bytesOut?: number },
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
  new prom.Gauge({
    name: 'rxc_messages_in',
    help: 'Messages received from validators (transport total)',
    collect() {
      this.set(counters().messagesIn);
    },
    ...at,
  });
  new prom.Gauge({
    name: 'rxc_bytes_in',
    help: 'Bytes received from validators, framing included (transport total)',
    collect() {
      this.set(counters().bytesIn ?? 0);
    },
    ...at,
  });
  new prom.Gauge({
    name: 'rxc_bytes_out',
    help: 'Bytes written to validators, framing included (transport total)',
    collect() {
      this.set(counters().bytesOut ?? 0);
    },
    ...at,
  });
  new prom.Gauge({
    name: 'rxc_messages_out',
    help: 'Messages handed to the network (transport total)',
    collect() {
      this.set(counters().messagesOut);
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
    refused: (layer, reason) => refusals.inc({ layer, reason }),
    caughtUp: () => catchUps.inc(),
    sent(kind) {
      sentByKind.inc({ kind });
      if (kind === 'timeout') timeouts.inc();
    },
  };
}

export function serveMetrics(
  metrics: NodeMetrics,
  health: () => { ok: boolean; status: object },
  port: number,
  host: string,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
    } else if (req.url === '/health') {
      const { ok, status } = health();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(status));
    } else {
      res.writeHead(404).end('not found: try /metrics or /health\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
