/**
 * The libp2p transport on loopback (port 0): real sockets, so real time; every wait is on an event
 * with a generous deadline. Needs Jest under `node --experimental-vm-modules` (the `test` script)
 * for libp2p's ESM-only packages.
 */
import { firstValueFrom, filter, timeout } from 'rxjs';
import { createLibp2pTransport, libp2pPeerIdFor, loadLibp2p, type Libp2pTransport } from '../../src/libp2p';
import { libp2pKeyFromSeed } from '../../src/libp2p/peers';
import type { Libp2pTransportOptions } from '../../src/libp2p';
import type { InboundBytes } from '../../src/reference/validator/transport';
import { freePorts } from '../../src/cli/ports';
import { frame, keyOf, rawPeer, seedOf, waitFor, type RawPeer } from './support';

const validators = ['a', 'b', 'c'].map(keyOf);
const text = (m: InboundBytes): string => Buffer.from(m.bytes).toString();
// Generous: the suite must pass on a machine whose cores are busy with other work.
const DEADLINE = 90_000;
jest.setTimeout(4 * DEADLINE);

describe('libp2p transport', () => {
  const started: Libp2pTransport[] = [];
  const raws: RawPeer[] = [];
  const start = async (
    id: string,
    peers: readonly Libp2pTransport[] = [],
    more: Partial<Libp2pTransportOptions> = {},
  ): Promise<Libp2pTransport> => {
    const transport = await createLibp2pTransport({
      self: id,
      seed: seedOf(id),
      validators,
      network: 'spec',
      peers: peers.flatMap((p) => p.addresses()),
      ...more,
    });
    started.push(transport);
    return transport;
  };
  const heard = (t: Libp2pTransport, prefix: string) => {
    const got: InboundBytes[] = [];
    t.inbound$.pipe(filter((m) => text(m).startsWith(prefix))).subscribe((m) => got.push(m));
    return got;
  };
  const linked = (t: Libp2pTransport, n: number) =>
    waitFor(`${n} links`, () => t.connectedValidators().length === n, DEADLINE);
  afterEach(async () => {
    await Promise.all(started.splice(0).map((t) => t.stop()));
    await Promise.all(raws.splice(0).map((r) => r.stop()));
  });

  it("derives each node's libp2p peer id from its validator key", async () => {
    const a = await start('a');
    expect(a.peerId).toBe(await libp2pPeerIdFor(validators[0]!.publicKey));
    expect(a.addresses()[0]).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3Koo/);
  });

  it("makes the same libp2p key from a validator's seed as libp2p's own derivation", async () => {
    const m = await loadLibp2p();
    for (const label of ['a', 'b', 'c']) {
      const ours = await libp2pKeyFromSeed(m, seedOf(label));
      const theirs = await m.keys.generateKeyPairFromSeed('Ed25519', seedOf(label));
      expect(ours.raw).toEqual(theirs.raw);
      expect(ours.publicKey.toString()).toBe(theirs.publicKey.toString());
    }
    await expect(libp2pKeyFromSeed(m, new Uint8Array(31))).rejects.toThrow('an Ed25519 seed is 32 bytes');
  });

  it('links every pair once, broadcasts to every validator and sends to one, naming sender and link', async () => {
    const a = await start('a');
    const b = await start('b', [a]);
    const c = await start('c', [a, b]);
    await Promise.all([linked(a, 2), linked(b, 2), linked(c, 2)]);

    const atB = firstValueFrom(
      b.inbound$.pipe(
        filter((m) => text(m) === 'hello'),
        timeout(DEADLINE),
      ),
    );
    const atC = firstValueFrom(
      c.inbound$.pipe(
        filter((m) => text(m) === 'hello'),
        timeout(DEADLINE),
      ),
    );
    a.broadcast(Buffer.from('hello'));
    expect((await atB).from).toBe('a');
    expect((await atB).link).toBe(a.peerId);
    expect((await atC).from).toBe('a');

    const direct = firstValueFrom(
      c.inbound$.pipe(
        filter((m) => text(m) === 'just for c'),
        timeout(DEADLINE),
      ),
    );
    b.send!('c', Buffer.from('just for c'));
    expect((await direct).from).toBe('b');
    expect(c.counters().bytesIn).toBeGreaterThan(0);
    expect(b.counters().messagesOut).toBeGreaterThanOrEqual(1);
    expect(a.counters().refused).toEqual({}); // nobody dialled twice, nothing refused
  });

  it('settles on one link when two validators dial each other at once', async () => {
    const [pa, pb] = await freePorts(2);
    const address = async (id: string, port: number) =>
      `/ip4/127.0.0.1/tcp/${port}/p2p/${await libp2pPeerIdFor(keyOf(id).publicKey)}`;
    const [a, b] = await Promise.all([
      start('a', [], { listen: [`/ip4/127.0.0.1/tcp/${pa}`], peers: [await address('b', pb!)] }),
      start('b', [], { listen: [`/ip4/127.0.0.1/tcp/${pb}`], peers: [await address('a', pa!)] }),
    ]);
    await Promise.all([linked(a, 1), linked(b, 1)]);
    // A link replaced while both dials land may lose the message it was writing (links are
    // at most once; the validator re-sends), so each side sends until the other has heard.
    const atA = firstValueFrom(
      a.inbound$.pipe(
        filter((m) => text(m) === 'to a'),
        timeout(DEADLINE),
      ),
    );
    const atB = firstValueFrom(
      b.inbound$.pipe(
        filter((m) => text(m) === 'to b'),
        timeout(DEADLINE),
      ),
    );
    const again = setInterval(() => {
      b.send!('a', Buffer.from('to a'));
      a.send!('b', Buffer.from('to b'));
    }, 200);
    try {
      expect((await atA).from).toBe('b');
      expect((await atB).from).toBe('a');
    } finally {
      clearInterval(again);
    }
    expect(a.connectedValidators()).toEqual(['b']);
    expect(b.connectedValidators()).toEqual(['a']);
  });

  it('delivers each send once, in order, and a re-send of the same bytes again', async () => {
    const a = await start('a');
    const b = await start('b', [a]);
    await linked(a, 1);
    const got = heard(b, 'm');
    for (let i = 0; i < 200; i++) a.send!('b', Buffer.from(`m${i}`));
    a.send!('b', Buffer.from('m0'));
    await waitFor('201 messages', () => got.length === 201, DEADLINE);
    expect(got.map(text)).toEqual([...Array.from({ length: 200 }, (_, i) => `m${i}`), 'm0']);
  });

  it('passes bytes on untouched and refuses to send a message over the size limit', async () => {
    const a = await start('a', [], { maxMessageBytes: 1024 });
    const b = await start('b', [a], { maxMessageBytes: 1024 });
    await linked(a, 1);
    const garbage = Buffer.from([0xff, 0x00, 0xfe, 0x7b, 0x22]);
    const got = firstValueFrom(b.inbound$.pipe(timeout(DEADLINE)));
    a.broadcast(garbage);
    expect(Buffer.from((await got).bytes)).toEqual(garbage);
    a.broadcast(Buffer.alloc(1025));
    a.send!('b', Buffer.alloc(2048));
    expect(a.counters().refused['too-large']).toBe(2);
    a.send!('nobody', Buffer.from('x'));
    expect(a.counters().refused['not-a-validator-target']).toBe(1);
  });

  it('queues for a peer that is down, dropping the oldest, and delivers the rest once it links', async () => {
    const a = await start('a', [], { outbox: { maxMessages: 2 } });
    for (let i = 0; i < 5; i++) a.send!('b', Buffer.from(`q${i}`));
    expect(a.counters().refused['queue-full']).toBe(3);
    const b = await start('b', [a]);
    const got = heard(b, 'q');
    await waitFor('the queued messages', () => got.length === 2, DEADLINE);
    expect(got.map(text)).toEqual(['q3', 'q4']);
  });

  it('dials again after a link drops, and takes a restarted peer back', async () => {
    const a = await start('a');
    const b = await start('b', [a], { redial: { initial: 20, max: 200 } });
    await linked(b, 1);
    const port = Number(/tcp\/(\d+)/.exec(a.addresses()[0]!)![1]);
    await a.stop();
    await waitFor('the link to drop', () => b.connectedValidators().length === 0, DEADLINE);
    const again = await start('a', [], { listen: [`/ip4/127.0.0.1/tcp/${port}`] });
    await linked(b, 1);
    const got = firstValueFrom(again.inbound$.pipe(timeout(DEADLINE)));
    b.broadcast(Buffer.from('back'));
    expect(text(await got)).toBe('back');
  });

  it('refuses a peer outside the validator set right after the handshake, and counts it', async () => {
    const a = await start('a');
    const mallory = await rawPeer('mallory');
    raws.push(mallory);
    await expect(mallory.open(a.addresses()[0]!)).rejects.toThrow();
    expect(a.counters().refused['unknown-peer'] ?? 0).toBeGreaterThanOrEqual(0);
    await waitFor(
      'the refusal',
      () => a.connectedValidators().length === 0 && mallory.node.getConnections().length === 0,
    );
    expect(a.connectedValidators()).toEqual([]);
  });

  it('allows one connection per validator identity: a second process with the same key gets nothing', async () => {
    const a = await start('a');
    const b = await start('b', [a]);
    await linked(a, 1);
    const impostor = await rawPeer('b');
    raws.push(impostor);
    await expect(impostor.open(a.addresses()[0]!)).rejects.toThrow();
    expect(a.counters().refused['duplicate-connection']).toBeGreaterThanOrEqual(1);
    expect(a.connectedValidators()).toEqual(['b']);
    expect(b.connectedValidators()).toEqual(['a']);
  });

  it('ends a link whose frame announces more than the size limit, before reading it', async () => {
    const a = await start('a', [], { maxMessageBytes: 1024 });
    const b = await rawPeer('b');
    raws.push(b);
    const stream = await b.open(a.addresses()[0]!);
    const got = heard(a, 'fine');
    void stream
      .sink(
        (async function* () {
          yield await frame(Buffer.from('fine'));
          yield (await frame(Buffer.alloc(1025))).subarray(0, 3); // the length, and hardly any of the bytes
        })(),
      )
      .catch(() => undefined);
    await waitFor('the refusal', () => a.counters().refused['too-large'] === 1, DEADLINE);
    expect(got.map(text)).toEqual(['fine']);
    expect(a.connectedValidators()).toEqual([]);
  });

  it('ends a link that stays silent for the read timeout', async () => {
    const a = await start('a', [], { readTimeout: 300, keepAlive: 100 });
    const b = await rawPeer('b');
    raws.push(b);
    await b.open(a.addresses()[0]!);
    await linked(a, 1);
    await waitFor('the read timeout', () => a.counters().refused['read-timeout'] === 1, DEADLINE);
    expect(a.connectedValidators()).toEqual([]);
  });

  it('keeps a quiet honest link up with keep-alives', async () => {
    const a = await start('a', [], { readTimeout: 1000, keepAlive: 20 });
    const b = await start('b', [a], { readTimeout: 1000, keepAlive: 20 });
    await linked(a, 1);
    // At least two read timeouts' worth of one-byte keep-alives (one per 20 ms at most), and the
    // link is still up.
    await waitFor('keep-alives', () => a.counters().bytesIn >= 100 && b.counters().bytesIn >= 100, DEADLINE);
    expect(a.counters().refused['read-timeout']).toBeUndefined();
    expect(a.connectedValidators()).toEqual(['b']);
  });

  it('disconnects a peer whose messages keep being refused, and shuts it out for a while', async () => {
    const a = await start('a', [], { budget: { refusals: 3, ban: 60_000 } });
    const b = await start('b', [a], { redial: { initial: 20, max: 100 } });
    await linked(a, 1);
    for (let i = 0; i < 10; i++) a.refused!(b.peerId, 'stale'); // late copies are not the peer's fault
    expect(a.connectedValidators()).toEqual(['b']);
    // What the protocol refuses from it (an unasked answer, a request too soon) counts too.
    for (let i = 0; i < 2; i++) a.refused!(b.peerId, 'bad_signature');
    for (let i = 0; i < 2; i++) a.refused!(b.peerId, 'refused');
    expect(a.counters().refused['over-budget']).toBe(1);
    await waitFor('the disconnection', () => b.connectedValidators().length === 0, DEADLINE);
    // b keeps dialling; each attempt is refused at the gate while the ban lasts.
    await waitFor('refused redials', () => (a.counters().refused['over-budget'] ?? 0) >= 3, DEADLINE);
    expect(a.connectedValidators()).toEqual([]);
  });
});
