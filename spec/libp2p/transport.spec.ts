/**
 * The libp2p transport on loopback (port 0): real sockets, so real time. Needs Jest under
 * `node --experimental-vm-modules` (the `test` script) for libp2p's ESM-only packages.
 */
import { createHash } from 'node:crypto';
import { firstValueFrom, filter, take, toArray, timeout } from 'rxjs';
import { ed25519SignerFromSeed } from '../../src/reference/ed25519';
import { createLibp2pTransport, libp2pPeerIdFor, type Libp2pTransport } from '../../src/libp2p';
import type { InboundBytes } from '../../src/reference/validator/transport';

const seedOf = (label: string): Buffer => createHash('sha256').update(`libp2p-spec/${label}`).digest();
const keyOf = (id: string) => ({ id, publicKey: ed25519SignerFromSeed(seedOf(id)).publicKey });
const validators = ['a', 'b', 'c'].map(keyOf);
const text = (m: InboundBytes): string => Buffer.from(m.bytes).toString();

/** Repeats `act` until `done` resolves: gossip needs the peers' subscriptions before it delivers. */
async function until<T>(done: Promise<T>, act: (attempt: number) => void, every = 200): Promise<T> {
  let attempt = 0;
  act(attempt);
  const timer = setInterval(() => act(++attempt), every);
  try {
    return await done;
  } finally {
    clearInterval(timer);
  }
}

describe('libp2p transport', () => {
  const started: Libp2pTransport[] = [];
  const start = async (id: string, peers: readonly Libp2pTransport[] = [], maxMessageBytes?: number) => {
    const transport = await createLibp2pTransport({
      self: id,
      seed: seedOf(id),
      validators,
      network: 'spec',
      peers: peers.flatMap((p) => p.addresses()),
      redialEvery: 200,
      ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }),
    });
    started.push(transport);
    return transport;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((t) => t.stop()));
  });

  it("derives each node's libp2p peer id from its validator key", async () => {
    const a = await start('a');
    expect(a.peerId).toBe(await libp2pPeerIdFor(validators[0]!.publicKey));
    expect(a.addresses()[0]).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3Koo/);
  });

  it('broadcasts to every validator and sends to one, naming the authenticated sender', async () => {
    const a = await start('a');
    const b = await start('b', [a]);
    const c = await start('c', [a, b]);

    const atB = firstValueFrom(
      b.inbound$.pipe(
        filter((m) => text(m).startsWith('hello')),
        timeout(15000),
      ),
    );
    const atC = firstValueFrom(
      c.inbound$.pipe(
        filter((m) => text(m).startsWith('hello')),
        timeout(15000),
      ),
    );
    await until(Promise.all([atB, atC]), (n) => a.broadcast(Buffer.from(`hello ${n}`)));
    expect((await atB).from).toBe('a');
    expect((await atC).from).toBe('a');

    const direct = firstValueFrom(
      c.inbound$.pipe(
        filter((m) => text(m) === 'just for c'),
        timeout(15000),
      ),
    );
    b.send!('c', Buffer.from('just for c'));
    expect((await direct).from).toBe('b');
    expect(c.counters().messagesIn).toBeGreaterThanOrEqual(2);
    expect(b.counters().messagesOut).toBeGreaterThanOrEqual(1);
  });

  it('delivers a re-send of the same bytes again (directly), and gossip copies only once', async () => {
    const a = await start('a');
    const b = await start('b', [a]);
    const c = await start('c', [a, b]);
    const ready = firstValueFrom(
      c.inbound$.pipe(
        filter((m) => text(m).startsWith('warm')),
        timeout(15000),
      ),
    );
    await until(ready, (n) => a.broadcast(Buffer.from(`warm ${n}`)));
    const copies: string[] = [];
    b.inbound$.pipe(filter((m) => text(m) === 'resent')).subscribe((m) => copies.push(m.from!));
    a.broadcast(Buffer.from('resent'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(copies).toEqual(['a']); // relayed by c too, but delivered once
    a.broadcast(Buffer.from('resent'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(copies).toEqual(['a', 'a']);
  });

  it('passes bytes on untouched, whatever they are, and refuses messages over the size limit', async () => {
    const a = await start('a', [], 1024);
    const b = await start('b', [a], 1024);
    const garbage = Buffer.from([0xff, 0x00, 0xfe, 0x7b, 0x22]);
    const got = firstValueFrom(
      b.inbound$.pipe(
        filter((m) => m.bytes[0] === 0xff),
        timeout(15000),
      ),
    );
    await until(got, (n) => a.broadcast(Buffer.concat([garbage, Buffer.from([n])])));
    expect(Buffer.from((await got).bytes).subarray(0, 5)).toEqual(garbage);

    a.broadcast(Buffer.alloc(2048));
    a.send!('b', Buffer.alloc(2048));
    expect(a.counters().refused['too-large']).toBe(2);
    a.send!('nobody', Buffer.from('x'));
    expect(a.counters().refused['not-a-validator-target']).toBe(1);
  });

  it('refuses a peer that is not in the validator set, and counts it', async () => {
    const a = await start('a');
    const b = await start('b', [a]);
    const outsider = await createLibp2pTransport({
      self: 'mallory',
      seed: seedOf('mallory'),
      validators: [...validators, keyOf('mallory')], // mallory thinks it belongs
      network: 'spec',
      peers: a.addresses(),
      redialEvery: 200,
    });
    started.push(outsider);
    const heard = a.inbound$.pipe(
      filter((m) => text(m).startsWith('from')),
      take(1),
      toArray(),
    );
    const fromB = firstValueFrom(heard.pipe(timeout(15000)));
    await until(fromB, (n) => {
      outsider.broadcast(Buffer.from(`from mallory ${n}`));
      b.broadcast(Buffer.from(`from b ${n}`));
    });
    const [first] = await fromB;
    expect(first!.from).toBe('b');
    expect(a.counters().refused['unknown-peer']).toBeGreaterThanOrEqual(1);
    expect(a.connectedValidators()).toEqual(['b']);
  });
});
