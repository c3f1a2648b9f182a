/**
 * A validator's client interface: one HTTP port, bound to loopback unless told otherwise.
 *
 *     POST /mutations          the body is one mutation (UTF-8 text); 202 when it is in the pool,
 *                              refused with a JSON reason: 400 empty or not UTF-8, 409 already
 *                              pending, 413 too large, 503 pool full or node stopping
 *     GET  /status             JSON: id, network, version, rank, state, finalized rank, peers, pending
 *     GET  /health             the same JSON; 200 while the node runs, 503 once it is stopping
 *     GET  /metrics            Prometheus text
 *     GET  /finalized?from=R   NDJSON, one finalized frame a line from rank R on: what the store
 *                              holds first, then each frame as it is finalized, until the client goes
 *
 * Every refusal costs a bounded read: a body is read up to the size limit and no further.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';
import type { FinalizedEntry } from '../reference/store/types';
import type { ReferenceValidator } from '../reference/validator/create-validator';
import type { NodeMetrics } from './metrics';

/** One line of `/finalized`: a frame without its signatures and certificates. */
export interface FinalizedLine {
  readonly rank: number;
  readonly id: string;
  readonly parent: string;
  readonly proposer: string;
  readonly mutations: readonly string[];
}

export interface NodeStatus {
  readonly id: string;
  readonly rank: number;
  readonly state: string;
  readonly finalizedRank: number;
  readonly [field: string]: unknown;
}

/** The parts of a reference validator the client interface uses. */
export type ClientValidator = Pick<ReferenceValidator, 'mutationPool' | 'store' | 'status'> & {
  readonly finalized$: Observable<FinalizedEntry>;
};

export interface ClientApiOptions {
  /** The validator, once it runs (until then every route but /metrics answers 503). */
  readonly validator: () => ClientValidator | undefined;
  readonly metrics: NodeMetrics;
  /** Everything /status shows beside the validator's own status. */
  readonly about: () => Readonly<Record<string, unknown>> & { readonly id: string };
  /** False once the node is stopping: /health answers 503 and mutations are refused. */
  readonly running: () => boolean;
  readonly maxMutationBytes: number;
  readonly maxPending: number;
  /**
   * Called with each mutation the pool took, before it is acknowledged (a durable record); when it
   * throws, the mutation leaves the pool again and is refused with 503.
   */
  readonly record?: (mutation: string) => void;
  /** Most /finalized streams open at once (default 64). */
  readonly maxStreams?: number;
}

const lineOf = ({ frame }: FinalizedEntry): FinalizedLine => ({
  rank: frame.rank,
  id: frame.id,
  parent: frame.parent,
  proposer: frame.proposer,
  mutations: frame.mutations,
});

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function createClientApi(options: ClientApiOptions): Server {
  const { metrics } = options;
  const maxStreams = options.maxStreams ?? 64;
  let streams = 0;

  const status = (validator: ClientValidator): NodeStatus => {
    const s = validator.status();
    return {
      ...options.about(),
      rank: s.rank,
      state: s.state,
      finalizedRank: s.finalizedRank,
      highQcRank: s.highQcRank,
      pending: validator.mutationPool.size,
    };
  };

  const refuse = (res: ServerResponse, code: number, reason: string): void => {
    metrics.submitted(String(code));
    json(res, code, { accepted: false, reason });
  };

  const submit = (validator: ClientValidator, req: IncomingMessage, res: ServerResponse): void => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > options.maxMutationBytes) {
      refuse(res, 413, `mutation too large: ${declared} bytes, at most ${options.maxMutationBytes}`);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > options.maxMutationBytes) {
        done = true;
        refuse(res, 413, `mutation too large: more than ${options.maxMutationBytes} bytes`);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      let mutation: string;
      try {
        mutation = utf8.decode(Buffer.concat(chunks));
      } catch {
        return refuse(res, 400, 'mutation is not UTF-8 text');
      }
      if (mutation.length === 0) return refuse(res, 400, 'empty mutation');
      if (!options.running()) return refuse(res, 503, 'node is stopping');
      const pool = validator.mutationPool;
      if (pool.size >= options.maxPending)
        return refuse(res, 503, `mutation pool full (${pool.size} pending, at most ${options.maxPending})`);
      if (!pool.add(mutation)) return refuse(res, 409, 'mutation already pending');
      try {
        options.record?.(mutation);
      } catch (err) {
        pool.remove([mutation]);
        return refuse(
          res,
          503,
          `cannot record the mutation: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      metrics.submitted('accepted');
      json(res, 202, { accepted: true, pending: pool.size });
    });
  };

  const follow = (validator: ClientValidator, res: ServerResponse, url: URL): void => {
    const fromText = url.searchParams.get('from') ?? '0';
    if (!/^\d{1,15}$/.test(fromText))
      return json(res, 400, { error: `from: expected a rank, got "${fromText}"` });
    if (streams >= maxStreams) return json(res, 503, { error: `too many streams open (${maxStreams})` });
    streams += 1;
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
    let last = Number(fromText) - 1;
    let replaying = true;
    const arrived: FinalizedEntry[] = [];
    const write = (entry: FinalizedEntry): boolean => {
      if (entry.frame.rank <= last) return true;
      last = entry.frame.rank;
      return res.write(`${JSON.stringify(lineOf(entry))}\n`);
    };
    const subscription = validator.finalized$.subscribe((entry) => {
      if (replaying) arrived.push(entry);
      // A client that reads slower than frames are finalized is cut off rather than buffered for.
      else if (!write(entry) && res.writableLength > 4 * 1024 * 1024) res.destroy();
    });
    let closed = false;
    res.on('close', () => {
      closed = true;
      streams -= 1;
      subscription.unsubscribe();
    });
    const replay = async (): Promise<void> => {
      for (;;) {
        const page = validator.store.finalizedAfter(last, 256);
        for (const entry of page) {
          if (closed) return;
          if (!write(entry)) await new Promise((resolve) => res.once('drain', resolve));
        }
        if (page.length < 256) break;
      }
      replaying = false;
      for (const entry of arrived.splice(0)) write(entry);
    };
    replay().catch(() => res.destroy());
  };

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    const validator = options.validator();
    if (validator === undefined && route !== 'GET /metrics') {
      req.resume();
      return json(res, 503, { error: 'the validator is starting' });
    }
    switch (route) {
      case 'POST /mutations':
        return submit(validator!, req, res);
      case 'GET /status':
        return json(res, 200, status(validator!));
      case 'GET /health':
        return json(res, options.running() ? 200 : 503, status(validator!));
      case 'GET /metrics':
        metrics.registry.metrics().then(
          (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
          (err: unknown) => res.writeHead(500).end(String(err)),
        );
        return;
      case 'GET /finalized':
        return follow(validator!, res, url);
      default:
        return json(res, 404, {
          error: `no ${route}: try POST /mutations, GET /status, /health, /metrics or /finalized?from=RANK`,
        });
    }
  });
}

/** Listen on `host:port`; a port in use is an error naming it and the option that chose it. */
export function listen(server: Server, port: number, host: string, option: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `${option} ${port}: port ${port} on ${host} is already in use (choose another ${option})`,
            )
          : err.code === 'EACCES'
            ? new Error(`${option} ${port}: not allowed to listen on port ${port} on ${host}`)
            : err,
      );
    });
    server.listen(port, host, () => resolve(server));
  });
}
