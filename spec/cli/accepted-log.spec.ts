/**
 * Accepted mutations survive the validator's death: the log keeps what was acknowledged, a restart
 * puts back into the pool what the finalized chain does not hold, and a mutation that cannot be
 * recorded (a full disk) is refused rather than acknowledged.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCEPTED_FILE, openAcceptedLog } from '../../src/cli/accepted-log';
import { submitMutation } from '../../src/cli/client';
import { createClientApi, listen, type ClientValidator } from '../../src/cli/http-api';
import { createNodeMetrics } from '../../src/cli/metrics';
import { createMutationPool } from '../../src/reference/mutation-pool';
import { createMemoryValidatorStore } from '../../src/reference/store/memory';
import type { FinalizedEntry } from '../../src/reference/store/types';
import { Subject } from 'rxjs';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'accepted-log-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A finalized chain of one frame per rank holding these mutations. */
const chainOf =
  (...frames: string[][]) =>
  (after: number, limit: number) =>
    frames
      .map((mutations, rank) => ({ frame: { rank, mutations } }) as unknown as FinalizedEntry)
      .filter((e) => e.frame.rank > after)
      .slice(0, limit);

describe('openAcceptedLog', () => {
  it('gives back on restart what was accepted and not finalized, and keeps only that', () => {
    const first = openAcceptedLog(dir, chainOf());
    expect(first.recovered).toEqual([]);
    for (const m of ['a', 'b', 'c', 'd']) first.record(m);
    first.close();
    // Killed mid-line: that mutation was never acknowledged.
    appendFileSync(join(dir, ACCEPTED_FILE), '"e');
    const second = openAcceptedLog(dir, chainOf(['a'], [], ['c']));
    expect(second.recovered).toEqual(['b', 'd']);
    second.close();
    expect(readFileSync(join(dir, ACCEPTED_FILE), 'utf8')).toBe('"b"\n"d"\n');
  });
});

describe('the client interface with a record of accepted mutations', () => {
  it('refuses with 503 a mutation it cannot record, and leaves it out of the pool', async () => {
    const pool = createMutationPool();
    const validator: ClientValidator = {
      mutationPool: pool,
      store: createMemoryValidatorStore(),
      finalized$: new Subject<FinalizedEntry>(),
      status: () => ({ rank: 1, state: 'voting' as never, finalizedRank: 0, highQcRank: 0 }),
    };
    const recorded: string[] = [];
    const server = await listen(
      createClientApi({
        validator: () => validator,
        metrics: createNodeMetrics(
          () => ({ messagesIn: 0, messagesOut: 0 }),
          () => pool.size,
        ),
        about: () => ({ id: 'v1' }),
        running: () => true,
        maxMutationBytes: 64,
        maxPending: 10,
        record: (m) => {
          if (m === 'full') throw new Error('ENOSPC: no space left on device');
          recorded.push(m);
        },
      }),
      0,
      '127.0.0.1',
      '--http-port',
    );
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await submitMutation(url, 'ok')).status).toBe(202);
      expect(await submitMutation(url, 'full')).toEqual({
        accepted: false,
        reason: 'cannot record the mutation: ENOSPC: no space left on device',
        status: 503,
      });
      expect(recorded).toEqual(['ok']);
      expect(pool.pending()).toEqual(['ok']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
