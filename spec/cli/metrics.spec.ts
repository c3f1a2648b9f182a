import type { AddressInfo } from 'node:net';
import { createNodeMetrics } from '../../src/cli/metrics';
import { createClientApi, listen } from '../../src/cli/http-api';

const fetchText = async (port: number, path: string): Promise<{ status: number; body: string }> => {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
};

describe('node metrics and health', () => {
  it('serves Prometheus text and a JSON status on one loopback port', async () => {
    const counters = { messagesIn: 12, messagesOut: 7 };
    const metrics = createNodeMetrics(() => counters);
    metrics.finalized(5);
    metrics.rankChanged(6, 'quorum');
    metrics.rankChanged(7, 'timeout');
    metrics.refused('transport', 'unknown-peer');
    metrics.refused('validator', 'bad_signature');
    metrics.refused('validator', 'bad_signature');
    metrics.refused('validator', 'stale');
    metrics.refused('validator', 'stale');
    metrics.refused('validator', 'stale');
    metrics.sent('timeout');
    metrics.caughtUp();
    const server = await listen(
      createClientApi({
        validator: () => undefined,
        metrics,
        about: () => ({ id: 'v1' }),
        running: () => true,
        maxMutationBytes: 16,
        maxPending: 1,
      }),
      0,
      '127.0.0.1',
      '--http-port',
    );
    const { port } = server.address() as AddressInfo;
    try {
      const { status, body } = await fetchText(port, '/metrics');
      expect(status).toBe(200);
      expect(body).toContain('rxc_finalized_rank 5');
      expect(body).toContain('rxc_rank 7');
      expect(body).toContain('rxc_rank_changes_total{by="quorum"} 1');
      expect(body).toContain('rxc_rank_changes_total{by="timeout"} 1');
      expect(body).toContain('rxc_rank_duration_seconds_count{by="timeout"} 1');
      expect(body).toContain('rxc_refusals_total{layer="validator",reason="bad_signature"} 2');
      expect(body).toContain('rxc_refusals_total{layer="transport",reason="unknown-peer"} 1');
      // Late copies are not refusals.
      expect(body).toContain('rxc_late_total 3');
      expect(body).not.toContain('reason="stale"');
      expect(body).toContain('rxc_timeouts_sent_total 1');
      expect(body).toContain('rxc_catch_ups_total 1');
      expect(body).toContain('# TYPE rxc_messages_in_total counter');
      expect(body).toContain('rxc_messages_in_total 12');
      expect(body).toContain('rxc_messages_out_total 7');
      counters.messagesIn = 20;
      expect((await fetchText(port, '/metrics')).body).toContain('rxc_messages_in_total 20');
      // Before the validator runs, every other route says it is starting.
      expect(await fetchText(port, '/health')).toEqual({
        status: 503,
        body: '{"error":"the validator is starting"}\n',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("counts the store's transactions, synced and unsynced, as they grow", async () => {
    const writes = { synced: 3, unsynced: 5 };
    const metrics = createNodeMetrics(
      () => ({ messagesIn: 0, messagesOut: 0 }),
      () => 0,
      () => writes,
    );
    expect(await metrics.registry.metrics()).toContain('rxc_store_writes_total{sync="synced"} 3');
    writes.synced = 4;
    writes.unsynced = 9;
    const body = await metrics.registry.metrics();
    expect(body).toContain('rxc_store_writes_total{sync="synced"} 4');
    expect(body).toContain('rxc_store_writes_total{sync="unsynced"} 9');
  });
});
