/**
 * The client interface over a real loopback socket: mutations refused with a status and a
 * reason, /status and /health, and /finalized streaming what the store holds from a rank on and
 * then each new frame, once each, in rank order.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Subject } from 'rxjs';
import { followFinalized, nodeStatus, submitMutation } from '../../src/cli/client';
import { createClientApi, listen, type ClientValidator, type FinalizedLine } from '../../src/cli/http-api';
import { createNodeMetrics } from '../../src/cli/metrics';
import { createMutationPool } from '../../src/reference/mutation-pool';
import { createMemoryValidatorStore } from '../../src/reference/store/memory';
import type { FinalizedEntry } from '../../src/reference/store/types';
import { entryAt } from '../sqlite/fixtures';

describe('the client interface', () => {
  let server: Server;
  let url: string;
  let running: boolean;
  const finalized = new Subject<FinalizedEntry>();
  const store = createMemoryValidatorStore();
  const validator: ClientValidator = {
    mutationPool: createMutationPool(),
    store,
    finalized$: finalized,
    status: () => ({ rank: 9, state: 'voting' as never, finalizedRank: 3, highQcRank: 8 }),
  };
  const metrics = createNodeMetrics(
    () => ({ messagesIn: 0, messagesOut: 0 }),
    () => validator.mutationPool.size,
  );

  beforeAll(async () => {
    for (const rank of [1, 2, 3]) store.appendFinalized(entryAt(rank));
    server = await listen(
      createClientApi({
        validator: () => validator,
        metrics,
        about: () => ({ id: 'v1', network: 'n' }),
        running: () => running,
        maxMutationBytes: 8,
        maxPending: 2,
      }),
      0,
      '127.0.0.1',
      '--http-port',
    );
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => (running = true));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('takes a mutation, and refuses one with the status and the reason', async () => {
    expect(await submitMutation(url, 'm-1')).toEqual({ accepted: true, pending: 1, status: 202 });
    expect(await submitMutation(url, 'm-1')).toEqual({
      accepted: false,
      reason: 'mutation already pending',
      status: 409,
    });
    expect(await submitMutation(url, 'x'.repeat(9))).toEqual({
      accepted: false,
      reason: 'mutation too large: 9 bytes, at most 8',
      status: 413,
    });
    expect(await submitMutation(url, '')).toEqual({ accepted: false, reason: 'empty mutation', status: 400 });
    const notText = await fetch(`${url}/mutations`, { method: 'POST', body: new Uint8Array([0xff, 0xfe]) });
    expect([notText.status, await notText.json()]).toEqual([
      400,
      { accepted: false, reason: 'mutation is not UTF-8 text' },
    ]);
    expect((await submitMutation(url, 'm-2')).status).toBe(202);
    expect(await submitMutation(url, 'm-3')).toEqual({
      accepted: false,
      reason: 'mutation pool full (2 pending, at most 2)',
      status: 503,
    });
    running = false;
    validator.mutationPool.remove(['m-1', 'm-2']);
    expect(await submitMutation(url, 'm-4')).toEqual({
      accepted: false,
      reason: 'node is stopping',
      status: 503,
    });
    expect(validator.mutationPool.pending()).toEqual([]);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain('rxc_mutations_submitted_total{outcome="accepted"} 2');
    expect(text).toContain('rxc_mutations_submitted_total{outcome="409"} 1');
    expect(text).toContain('rxc_mutations_submitted_total{outcome="413"} 1');
  });

  it('answers /status, and /health with 503 once the node is stopping', async () => {
    const status = {
      id: 'v1',
      network: 'n',
      rank: 9,
      state: 'voting',
      finalizedRank: 3,
      highQcRank: 8,
      pending: 0,
    };
    expect(await nodeStatus(url)).toEqual(status);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    running = false;
    const health = await fetch(`${url}/health`);
    expect([health.status, await health.json()]).toEqual([503, status]);
    const missing = await fetch(`${url}/nothing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toContain('POST /mutations');
    expect((await fetch(`${url}/finalized?from=-1`)).status).toBe(400);
  });

  it('streams finalized frames from a rank: the stored ones, then each new one, once, in order', async () => {
    const seen: FinalizedLine[] = [];
    const following = followFinalized(url, { from: 2, until: 5 }, (frame) => {
      seen.push(frame);
      if (frame.rank === 3) {
        // While the client reads, two more are finalized (one of them reported twice).
        store.appendFinalized(entryAt(4));
        finalized.next(entryAt(4));
        finalized.next(entryAt(4));
        store.appendFinalized(entryAt(5));
        finalized.next(entryAt(5));
      }
    });
    const last = await following;
    expect(seen.map((f) => f.rank)).toEqual([2, 3, 4, 5]);
    expect(last).toEqual({
      rank: 5,
      id: entryAt(5).frame.id,
      parent: entryAt(5).frame.parent,
      proposer: 'v1',
      mutations: ['m5'],
    });
    const mutation = await followFinalized(url, { from: 0, mutation: 'm2' }, () => undefined);
    expect(mutation?.rank).toBe(2);
  });
});
