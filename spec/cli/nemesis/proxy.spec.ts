/**
 * The link proxy on real loopback sockets: bytes pass in order through delay and jitter, a cut
 * resets the connection and refuses new ones until mended, duplication replays a chunk.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { LinkProxy } from '../../../src/cli/nemesis/proxy';
import { createRng } from '../../../src/transport/rng';

let echo: Server;
let echoPort: number;
let proxy: LinkProxy;
let port: number;

beforeEach(async () => {
  echo = createServer((s) => {
    s.on('error', () => undefined);
    s.pipe(s);
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoPort = (echo.address() as { port: number }).port;
  proxy = new LinkProxy(createRng(1));
  port = await proxy.listen('a', 'b', '127.0.0.1', { host: '127.0.0.1', port: echoPort });
});

afterEach(async () => {
  await proxy.close();
  await new Promise((resolve) => echo.close(resolve));
});

const open = (): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.on('error', reject);
  });

/** Resolves with everything read once `n` bytes came, or on close. */
const read = (s: Socket, n: number): Promise<Buffer> =>
  new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    const done = (): void => resolve(Buffer.concat(parts));
    s.on('data', (d: Buffer) => {
      parts.push(d);
      size += d.byteLength;
      if (size >= n) done();
    });
    s.once('close', done);
  });

describe('LinkProxy', () => {
  it('passes bytes both ways, in order, through delay and jitter', async () => {
    proxy.setShape('a', 'b', { delayMs: 20, jitterMs: 30, loss: 0.2, duplicate: 0 });
    const s = await open();
    const sent = Array.from({ length: 200 }, (_, i) => Buffer.from(`${i};`));
    const total = sent.reduce((n, b) => n + b.byteLength, 0);
    const got = read(s, total);
    for (const b of sent) s.write(b);
    expect((await got).toString()).toBe(Buffer.concat(sent).toString());
    expect(proxy.counters.lost).toBeGreaterThan(0);
    s.destroy();
  });

  it('resets the connection when the link is cut and refuses new ones until it is mended', async () => {
    const s = await open();
    const closed = new Promise<boolean>((resolve) => s.once('close', resolve));
    s.on('error', () => undefined);
    proxy.setCut('b', 'a', true);
    expect(await closed).toBe(true);
    const refused = connect({ host: '127.0.0.1', port });
    refused.on('error', () => undefined);
    await new Promise((resolve) => refused.once('close', resolve));
    expect(proxy.counters.refused).toBe(1);
    proxy.setCut('a', 'b', false);
    const again = await open();
    const got = read(again, 5);
    again.write('hello');
    expect((await got).toString()).toBe('hello');
    again.destroy();
  });

  it('replays a chunk when it duplicates', async () => {
    proxy.setShape('a', 'b', { delayMs: 0, jitterMs: 0, loss: 0, duplicate: 1 });
    const s = await open();
    const got = read(s, 6);
    s.write('abc');
    expect((await got).toString()).toBe('abcabc');
    expect(proxy.counters.duplicated).toBe(1);
    s.destroy();
  });
});
