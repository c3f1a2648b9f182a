/**
 * Where an attacker reaches an operator's node besides the validator links: the files it is
 * started with (a validator set file is handed over by other operators) and its HTTP interface.
 *
 * - Key, validator set and config files with any content — bytes, random JSON, a valid file with
 *   a field changed, dropped or added — are read or refused with an `Error` that names the kind of
 *   file and the file, never another throw; a file over its size limit, or not a regular file, is
 *   refused before it is read.
 * - Raw HTTP requests of any method, path, header and body get a status line that is not a
 *   server error, and the interface answers `/health` afterwards with the pool still bounded.
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Subject } from 'rxjs';
import { FILE_LIMITS, readKeyFile, readValidatorSetFile, type OperatorFile } from '../../src/cli/files';
import { readConfigFile } from '../../src/cli/home';
import { createClientApi, listen, type ClientValidator } from '../../src/cli/http-api';
import { createNodeMetrics } from '../../src/cli/metrics';
import { createMutationPool } from '../../src/reference/mutation-pool';
import { createMemoryValidatorStore } from '../../src/reference/store/memory';
import type { FinalizedEntry } from '../../src/reference/store/types';
import { seededSigner } from '../../src/reference';
import { ed25519SignerFromSeed } from '../../src/reference/ed25519';
import { entryAt } from '../sqlite/fixtures';
import { runs } from './support';

const dir = join(tmpdir(), `rxc-operator-fuzz-${process.pid}`);
beforeAll(() => mkdirSync(dir, { recursive: true }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seedHex = '11'.repeat(32);
const signer = ed25519SignerFromSeed(Buffer.from(seedHex, 'hex'));
const VALID: Record<OperatorFile, Record<string, unknown>> = {
  'key file': { id: 'v0', publicKey: signer.publicKey, seed: seedHex },
  'validator set file': {
    network: 'fuzz-net',
    validators: [
      { id: 'v0', publicKey: signer.publicKey, address: '127.0.0.1:7000' },
      { id: 'v1', publicKey: seededSigner('v1').publicKey, address: '127.0.0.1:7001', weight: 1 },
    ],
  },
  'config file': { validators: 'validators.json', dataDir: 'data', httpPort: 8080 },
};
const READERS: Record<OperatorFile, (file: string) => unknown> = {
  'key file': readKeyFile,
  'validator set file': readValidatorSetFile,
  'config file': readConfigFile,
};
const KINDS = Object.keys(READERS) as OperatorFile[];

let written = 0;
function fileWith(content: string | Uint8Array): string {
  const file = join(dir, `f${written++}.json`);
  writeFileSync(file, content, { mode: 0o600 });
  return file;
}

/** What reading `content` as `kind` did: 'read', or the refusal's message (checked to be one). */
function outcome(kind: OperatorFile, content: string | Uint8Array): string {
  const file = fileWith(content);
  try {
    READERS[kind](file);
    return 'read';
  } catch (err) {
    if (!(err instanceof Error)) throw new Error(`a ${kind} threw ${String(err)}`);
    if (!err.message.startsWith(`${kind} ${file}: `)) throw err;
    return err.message;
  } finally {
    rmSync(file, { force: true });
  }
}

const json = fc.jsonValue({ maxDepth: 4 });
/** A valid file with one top-level field replaced, dropped or added. */
const mutated = (kind: OperatorFile) =>
  fc
    .tuple(
      fc.constantFrom(...Object.keys(VALID[kind]), 'extra', '__proto__'),
      fc.oneof(json, fc.constant(undefined)),
    )
    .map(([key, value]) => {
      const copy: Record<string, unknown> = { ...VALID[kind] };
      if (value === undefined) delete copy[key];
      else copy[key] = value;
      return JSON.stringify(copy);
    });

describe('operator files', () => {
  it.each(KINDS)('a valid %s is read', (kind) => {
    expect(outcome(kind, JSON.stringify(VALID[kind]))).toBe('read');
  });

  it.each(KINDS)('any %s is read or refused by name, never thrown at', (kind) => {
    const content = fc.oneof(
      fc.uint8Array({ maxLength: 512 }),
      fc.string({ maxLength: 256 }),
      json.map((v) => JSON.stringify(v)),
      mutated(kind),
    );
    fc.assert(
      fc.property(content, (c) => {
        outcome(kind, c);
      }),
      { numRuns: runs(150, 20_000) },
    );
  });

  it.each(KINDS)('a %s over its size limit is refused before it is read', (kind) => {
    const limit = FILE_LIMITS[kind];
    const padded = JSON.stringify(VALID[kind]).replace(/}$/, `${' '.repeat(limit)}}`);
    expect(outcome(kind, padded)).toMatch(new RegExp(`${padded.length} bytes, more than the ${limit}`));
  });

  it('a path that is not a regular file is refused', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    chmodSync(folder, 0o700);
    expect(() => readValidatorSetFile(folder)).toThrow(/not a regular file/);
    expect(() => readConfigFile(folder)).toThrow(/not a regular file/);
  });
});

describe('the HTTP interface', () => {
  let server: Server;
  let port: number;
  const validator: ClientValidator = {
    mutationPool: createMutationPool(),
    store: createMemoryValidatorStore(),
    finalized$: new Subject<FinalizedEntry>(),
    status: () => ({ rank: 9, state: 'voting' as never, finalizedRank: 3, highQcRank: 8 }),
  };

  beforeAll(async () => {
    for (const rank of [1, 2, 3]) validator.store.appendFinalized(entryAt(rank));
    const metrics = createNodeMetrics(
      () => ({ messagesIn: 0, messagesOut: 0 }),
      () => validator.mutationPool.size,
    );
    server = await listen(
      createClientApi({
        validator: () => validator,
        metrics,
        about: () => ({ id: 'v0', network: 'fuzz-net' }),
        running: () => true,
        maxMutationBytes: 64,
        maxPending: 16,
        maxStreams: 4,
      }),
      0,
      '127.0.0.1',
      '--http-port',
    );
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Sends `bytes` and half-closes; resolves with the status code of the first answer (or null). */
  function raw(bytes: Buffer): Promise<number | null> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      const done = (code: number | null): void => {
        socket.destroy();
        resolve(code);
      };
      socket.setTimeout(20_000, () =>
        reject(new Error(`no answer in 20 s to ${JSON.stringify(bytes.toString())}`)),
      );
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
        if (status !== null) done(Number(status[1]));
      });
      socket.on('end', () => done(null));
      socket.on('error', () => done(null));
      socket.end(bytes);
    });
  }

  const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/);
  const request = fc
    .record({
      method: fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'), token),
      path: fc.oneof(
        fc.constantFrom('/', '/status', '/health', '/metrics', '/mutations', '/finalized', '*', '//x'),
        fc.nat().map((n) => `/finalized?from=${n}`),
        fc.string({ maxLength: 40 }).map((s) => `/finalized?from=${encodeURIComponent(s)}`),
        fc.webUrl(),
        fc.string({ maxLength: 60 }),
      ),
      headers: fc.array(
        fc.oneof(
          fc.tuple(token, fc.string({ maxLength: 40 })),
          fc.tuple(
            fc.constant('Content-Length'),
            fc.oneof(fc.nat().map(String), fc.constantFrom('-1', '1e9', '99999999999999999999', 'x')),
          ),
          fc.tuple(fc.constant('Transfer-Encoding'), fc.constantFrom('chunked', 'gzip', 'chunked, chunked')),
        ),
        { maxLength: 6 },
      ),
      body: fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
      ),
    })
    .map(({ method, path, headers, body }) =>
      Buffer.from(
        `${method} ${path} HTTP/1.1\r\nHost: x\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`,
        'latin1',
      ),
    );

  it('answers any request without a server error, and keeps answering', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          request,
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
        ),
        async (bytes) => {
          const code = await raw(bytes);
          // No status line only when the parser dropped the connection on bytes that are not HTTP.
          if (code !== null) expect(code === 500 || code >= 600).toBe(false);
        },
      ),
      { numRuns: runs(200, 20_000) },
    );
    expect(await raw(Buffer.from('GET /health HTTP/1.1\r\nHost: x\r\n\r\n'))).toBe(200);
    expect(validator.mutationPool.size).toBeLessThanOrEqual(16);
  });
});
