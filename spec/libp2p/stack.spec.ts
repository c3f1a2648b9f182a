/**
 * The libp2p stack the validator command loads: its launcher bundles `src/libp2p/stack.ts` into one
 * ES module beside the command's own bundle, because loading libp2p's packages file by file took
 * most of a validator's start-up. The bundle must be the same modules: the same exports, and
 * validators built from it link and talk. Real sockets, so real time; every wait is on an event
 * with a generous deadline.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { firstValueFrom, filter, timeout } from 'rxjs';
import {
  createLibp2pTransport,
  loadLibp2p,
  type Libp2pModules,
  type Libp2pTransport,
} from '../../src/libp2p';
import { importEsm } from '../../src/libp2p/esm';
import { LIBP2P_PACKAGES } from '../../src/libp2p/modules';
import { keyOf, seedOf, waitFor } from './support';

const root = join(__dirname, '..', '..');
const stackFile = join(root, '.cli-build', 'libp2p-stack.mjs');
const DEADLINE = 90_000;
jest.setTimeout(4 * DEADLINE);

describe('the bundled libp2p stack', () => {
  let modules: Libp2pModules;
  const started: Libp2pTransport[] = [];
  beforeAll(async () => {
    // The launcher bundles (or finds fresh) the command and the stack before running `--version`.
    const run = spawnSync(process.execPath, [join(root, 'bin', 'rx-consensus.js'), '--version'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    // The first call decides where the modules come from: here, the bundle.
    modules = await loadLibp2p(stackFile);
  });
  afterAll(async () => {
    await Promise.all(started.map((t) => t.stop()));
  });

  it('exports each module libp2p is loaded from, with the same names, and nothing else', async () => {
    expect(Object.keys(modules).sort()).toEqual(Object.keys(LIBP2P_PACKAGES).sort());
    for (const [name, specifier] of Object.entries(LIBP2P_PACKAGES)) {
      const separate = await importEsm<Record<string, unknown>>(specifier);
      const bundled = modules[name as keyof Libp2pModules] as unknown as Record<string, unknown>;
      expect({ name, exports: Object.keys(bundled).sort() }).toEqual({
        name,
        exports: Object.keys(separate).sort(),
      });
      expect(bundled).not.toBe(separate); // loaded from the bundle, not from node_modules
    }
    // Later calls get the bundle too, whatever they ask for.
    expect(await loadLibp2p()).toBe(modules);
  });

  it('validators built from it link and deliver what they send', async () => {
    const validators = ['a', 'b'].map(keyOf);
    const start = async (id: string, peers: readonly string[]): Promise<Libp2pTransport> => {
      const t = await createLibp2pTransport({
        self: id,
        seed: seedOf(id),
        validators,
        network: 'stack',
        peers,
      });
      started.push(t);
      return t;
    };
    const a = await start('a', []);
    const b = await start('b', a.addresses());
    await waitFor('a link', () => a.connectedValidators().length === 1, DEADLINE);
    const atA = firstValueFrom(
      a.inbound$.pipe(
        filter((m) => Buffer.from(m.bytes).toString() === 'over the bundle'),
        timeout(DEADLINE),
      ),
    );
    b.broadcast(Buffer.from('over the bundle'));
    expect((await atA).from).toBe('b');
  });
});
