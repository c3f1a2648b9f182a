/**
 * The user-space link proxy: every validator reaches every other through its own listening port
 * here, one per directed pair (dialler → listener), so each link can be cut, delayed or spoiled
 * on its own. The kernel's netem is not available, so this is where bad links come from.
 *
 * A TCP stream keeps its bytes in order and has no message loss of its own, so the faults are what
 * TCP shows an application: delay and jitter (order kept: a chunk never overtakes the one before),
 * loss as a retransmission's wait (200 ms, doubling while losses follow one another), a cut as
 * connections reset and new ones refused. Duplication is what TCP would hide; here the chunk is
 * written twice, so the receiver sees replayed bytes and must refuse them and drop the link.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Rng } from '../../transport/rng';

export interface LinkShape {
  readonly delayMs: number;
  readonly jitterMs: number;
  /** Chance a chunk is lost (then delivered after a retransmission timeout). */
  readonly loss: number;
  /** Chance a chunk is delivered twice. */
  readonly duplicate: number;
}

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** Stop reading a side while this many bytes wait to be delivered from it. */
const HIGH_WATER = 1 << 20;
const RTO_MS = 200;

export class LinkProxy {
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<{ pair: string; a: Socket; b: Socket }>();
  private readonly cut = new Set<string>();
  private readonly shapes = new Map<string, LinkShape>();
  /** Counters for the report. */
  readonly counters = { connections: 0, refused: 0, reset: 0, lost: 0, duplicated: 0 };

  constructor(private readonly rng: Rng) {}

  /** Listen on `at` for `from`'s connections to `to`, reached at `target`; resolves with the port. */
  async listen(from: string, to: string, at: string, target: Endpoint): Promise<number> {
    const server = createServer({ noDelay: true }, (client) => this.accept(from, to, client, target));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, at, () => resolve());
    });
    server.on('error', () => undefined);
    this.servers.push(server);
    return (server.address() as { port: number }).port;
  }

  /** Cut or mend the links between `a` and `b`, both ways; cutting resets their connections. */
  setCut(a: string, b: string, cut: boolean): void {
    const pair = pairKey(a, b);
    if (!cut) return void this.cut.delete(pair);
    this.cut.add(pair);
    for (const s of [...this.sockets]) if (s.pair === pair) this.reset(s);
  }

  /** Shape the bytes going from `from` to `to` (undefined: a clean link again). */
  setShape(from: string, to: string, shape: LinkShape | undefined): void {
    if (shape === undefined) this.shapes.delete(`${from}>${to}`);
    else this.shapes.set(`${from}>${to}`, shape);
  }

  async close(): Promise<void> {
    for (const s of [...this.sockets]) this.reset(s);
    await Promise.all(this.servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }

  private accept(from: string, to: string, client: Socket, target: Endpoint): void {
    client.on('error', () => undefined);
    if (this.cut.has(pairKey(from, to))) {
      this.counters.refused += 1;
      client.resetAndDestroy();
      return;
    }
    this.counters.connections += 1;
    const server = connect({ host: target.host, port: target.port, noDelay: true });
    server.on('error', () => undefined);
    const entry = { pair: pairKey(from, to), a: client, b: server };
    this.sockets.add(entry);
    const closeBoth = (): void => {
      this.sockets.delete(entry);
      client.destroy();
      server.destroy();
    };
    client.once('close', closeBoth);
    server.once('close', closeBoth);
    this.pipe(client, server, `${from}>${to}`);
    this.pipe(server, client, `${to}>${from}`);
  }

  private reset(s: { a: Socket; b: Socket }): void {
    this.counters.reset += 1;
    this.sockets.forEach((e) => e === s && this.sockets.delete(e));
    if (!s.a.destroyed) s.a.resetAndDestroy();
    if (!s.b.destroyed) s.b.resetAndDestroy();
  }

  /** Forward `source` to `sink` through the shape of `link` (looked up per chunk: faults come and go). */
  private pipe(source: Socket, sink: Socket, link: string): void {
    // One queue and one timer per direction: chunks leave in the order they came.
    const queue: { due: number; chunk: Buffer; twice: boolean }[] = [];
    let waiting = 0;
    let losses = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ended = false;
    const drain = (): void => {
      timer = undefined;
      const now = performance.now();
      while (queue.length > 0 && queue[0]!.due <= now) {
        const { chunk, twice } = queue.shift()!;
        waiting -= chunk.byteLength;
        if (sink.destroyed) continue;
        sink.write(chunk);
        if (twice) {
          this.counters.duplicated += 1;
          sink.write(chunk);
        }
      }
      if (waiting <= HIGH_WATER && source.isPaused()) source.resume();
      if (queue.length > 0) timer = setTimeout(drain, queue[0]!.due - now);
      else if (ended) sink.end();
    };
    source.on('data', (chunk: Buffer) => {
      const shape = this.shapes.get(link);
      if (shape === undefined && queue.length === 0) return void sink.write(chunk);
      let due = performance.now();
      if (shape !== undefined) {
        due += shape.delayMs + (shape.jitterMs > 0 ? this.rng.int(0, shape.jitterMs) : 0);
        if (this.rng.chance(shape.loss)) {
          this.counters.lost += 1;
          due += RTO_MS * 2 ** Math.min(losses, 6);
          losses += 1;
        } else losses = 0;
      }
      // Never before the chunk ahead of it.
      due = Math.max(due, queue.at(-1)?.due ?? 0);
      queue.push({ due, chunk, twice: shape !== undefined && this.rng.chance(shape.duplicate) });
      waiting += chunk.byteLength;
      if (waiting > HIGH_WATER) source.pause();
      if (timer === undefined) timer = setTimeout(drain, due - performance.now());
    });
    source.on('end', () => {
      ended = true;
      if (queue.length === 0) sink.end();
    });
    source.once('close', () => timer !== undefined && clearTimeout(timer));
  }
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
