import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { openSqliteValidatorStore } from '../../src/sqlite';
import { sendWhenDurable, type GroupCommit } from '../../src/sqlite/send-when-durable';
import type { InboundBytes, ValidatorTransport } from '../../src/reference/validator/transport';
import { recordVote, tempDir } from './fixtures';

/** A group commit driven by hand: `finishFlush` completes the fsync in flight. */
function manualGroupCommit() {
  let committed = 0;
  let flushed = 0;
  let inFlight: { upTo: number; resolve: () => void } | undefined;
  let waiting: Promise<void> | undefined;
  const store: GroupCommit & {
    commit(): number;
    finishFlush(): void;
    readonly flushed: number;
    readonly flushing: boolean;
  } = {
    pendingSync: () => flushed < committed,
    commit: () => (committed += 1),
    durable() {
      const target = committed;
      const through = (): Promise<void> => {
        if (flushed >= target) return Promise.resolve();
        if (waiting === undefined) {
          waiting = new Promise<void>((resolve) => (inFlight = { upTo: committed, resolve }));
        }
        return waiting.then(through);
      };
      return through();
    },
    finishFlush() {
      const flush = inFlight;
      if (flush === undefined) return;
      inFlight = undefined;
      waiting = undefined;
      flushed = Math.max(flushed, flush.upTo);
      flush.resolve();
    },
    get flushed() {
      return flushed;
    },
    get flushing() {
      return inFlight !== undefined;
    },
  };
  return store;
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function recordingTransport(onSend: (bytes: Uint8Array, to?: string) => void): ValidatorTransport {
  return {
    inbound$: new Subject<InboundBytes>(),
    broadcast: (bytes) => onSend(bytes),
    send: (to, bytes) => onSend(bytes, to),
  };
}

describe('sendWhenDurable', () => {
  it('never hands on a signed message before its commit is on disk, and keeps the order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('sign' as const, 'plain' as const, 'flush' as const), { maxLength: 40 }),
        async (steps) => {
          const store = manualGroupCommit();
          const needs: number[] = []; // per message: the commit it needs on disk (0: none)
          const passed: number[] = [];
          const early: number[] = []; // messages handed on before their commit was on disk
          const wrapped = sendWhenDurable(
            recordingTransport((bytes) => {
              const message = bytes[0]!;
              if (store.flushed < needs[message]!) early.push(message);
              passed.push(message);
            }),
            store,
          );
          for (const step of steps) {
            if (step === 'flush') store.finishFlush();
            else {
              needs.push(step === 'sign' ? store.commit() : 0);
              wrapped.broadcast(new Uint8Array([needs.length - 1]));
            }
            await settle();
          }
          while (store.flushing) {
            store.finishFlush();
            await settle();
          }
          expect(early).toEqual([]);
          expect(passed).toEqual(needs.map((_, i) => i));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sends at once when nothing waits for the disk', () => {
    const store = manualGroupCommit();
    const sent: string[] = [];
    const wrapped = sendWhenDurable(
      recordingTransport((bytes, to) => sent.push(`${to ?? '*'}:${bytes[0]}`)),
      store,
    );
    wrapped.broadcast(new Uint8Array([1]));
    wrapped.send!('v2', new Uint8Array([2]));
    expect(sent).toEqual(['*:1', 'v2:2']);
  });

  it('drops what it holds, and tells, when the disk refuses', async () => {
    const sent: number[] = [];
    const failures: unknown[] = [];
    const refusing: GroupCommit = {
      pendingSync: () => true,
      durable: () => Promise.reject(new Error('EIO')),
    };
    const wrapped = sendWhenDurable(
      recordingTransport((bytes) => sent.push(bytes[0]!)),
      refusing,
      (err) => failures.push(err),
    );
    wrapped.broadcast(new Uint8Array([1]));
    wrapped.broadcast(new Uint8Array([2]));
    await settle();
    expect(sent).toEqual([]);
    expect(failures).toHaveLength(1);
  });

  it('passes the inbound stream and refusals through', () => {
    const refused: string[] = [];
    const inner: ValidatorTransport = {
      inbound$: new Subject<InboundBytes>(),
      broadcast: () => undefined,
      refused: (link, reason) => refused.push(`${link}:${reason}`),
    };
    const wrapped = sendWhenDurable(inner, manualGroupCommit());
    expect(wrapped.inbound$).toBe(inner.inbound$);
    wrapped.refused!('peer', 'bad_signature');
    expect(refused).toEqual(['peer:bad_signature']);
  });

  it('with the SQLite store: a vote leaves after the fsync of its commit', async () => {
    const dir = tempDir();
    const store = openSqliteValidatorStore(join(dir, 'validator.db'), { sync: 'group' });
    try {
      const sent: { synced: number }[] = [];
      const wrapped = sendWhenDurable(
        recordingTransport(() => sent.push({ synced: store.writes().synced })),
        store,
      );
      recordVote(store, 1, 0);
      wrapped.broadcast(new Uint8Array([1]));
      expect(sent).toEqual([]);
      await store.durable();
      await settle();
      expect(sent).toEqual([{ synced: 1 }]);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
