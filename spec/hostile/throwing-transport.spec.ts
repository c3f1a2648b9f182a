/**
 * A transport that throws from every call never ends the process or the validator: the throw is
 * reported as an error event and the validator goes on (re-sending the messages it recorded,
 * never signing a new one at a rank it already signed at), in virtual time and in real time.
 */
import {
  filter,
  firstValueFrom,
  map,
  Subject,
  take,
  timeout,
  toArray,
  VirtualAction,
  VirtualTimeScheduler,
} from 'rxjs';
import { createReferenceValidator, type ValidatorEvent } from '../../src/reference';
import { createNetwork } from '../../src/transport';
import { keyring } from '../reference/support';

const ring = keyring(4);

describe('a transport that throws from every call', () => {
  it('in virtual time: errors are reported, nothing escapes, and votes are never signed twice', () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
    const network = createNetwork<Uint8Array>({ scheduler, seed: 3, clone: 'none', link: { latency: 5 } });
    const errors: string[] = [];
    const sentVotes = new Map<number, Set<string>>();
    const validators = ring.ids.map((id) => {
      const endpoint = network.join(id);
      const broken = id === 'v1';
      const validator = createReferenceValidator({
        self: id,
        signer: ring.signer(id),
        validators: ring.validators,
        scheduler,
        roundTimeout: { initial: 200 },
        resendEvery: 50,
        transport: {
          inbound$: endpoint.inbound$.pipe(map(({ message }) => ({ bytes: message }))),
          broadcast(bytes) {
            if (broken) throw new Error('the socket is gone');
            endpoint.broadcast(bytes);
          },
          send(to, bytes) {
            if (broken) throw new Error('the socket is gone');
            endpoint.send(to, bytes);
          },
        },
      });
      validator.events$.subscribe((e: ValidatorEvent) => {
        if (e.kind === 'error' && broken) errors.push(e.message);
        if (e.kind === 'sent' && broken && e.envelope.kind === 'vote') {
          const ids = sentVotes.get(e.envelope.rank) ?? new Set<string>();
          ids.add(JSON.stringify(e.envelope.body));
          sentVotes.set(e.envelope.rank, ids);
        }
      });
      validator.start();
      return validator;
    });
    scheduler.maxFrames = 5_000;
    expect(() => scheduler.flush()).not.toThrow();
    expect(errors.length).toBeGreaterThan(10);
    expect(errors[0]).toMatch(/transport: sending a .* failed: .*the socket is gone/);
    for (const ids of sentVotes.values()) expect(ids.size).toBe(1);
    // The other three go on without it.
    for (const v of validators.filter((x) => x.id !== 'v1'))
      expect(v.status().finalizedRank).toBeGreaterThan(5);
    for (const v of validators) v.close();
  });

  it('in real time: the throw never reaches the process as an uncaught exception', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const inbound = new Subject<{ bytes: Uint8Array }>();
      const errors: string[] = [];
      const validator = createReferenceValidator({
        self: 'v0',
        signer: ring.signer('v0'),
        validators: ring.validators,
        roundTimeout: { initial: 30 },
        resendEvery: 10,
        timeouts: { starting: 1 },
        transport: {
          inbound$: inbound,
          broadcast: () => {
            throw new Error('the socket is gone');
          },
        },
      });
      const firstErrors = firstValueFrom(
        validator.events$.pipe(
          filter((e) => e.kind === 'error'),
          take(3),
          toArray(),
          timeout(120_000),
        ),
      );
      validator.events$.subscribe((e) => e.kind === 'error' && errors.push(e.message));
      validator.start();
      // Real time is what this test is about: three throws, however long a busy machine takes.
      await firstErrors;
      // One more turn of the event loop: a throw that escaped would be reported by now.
      await new Promise((resolve) => setImmediate(resolve));
      validator.close();
      expect(errors.length).toBeGreaterThan(0);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  }, 180_000);
});
