/** The libp2p modules the transport uses, loaded together once. */
import { pathToFileURL } from 'node:url';
import { importEsm } from './esm';

export interface Libp2pModules {
  readonly libp2p: typeof import('libp2p');
  readonly tcp: typeof import('@libp2p/tcp');
  readonly noise: typeof import('@chainsafe/libp2p-noise');
  readonly yamux: typeof import('@chainsafe/libp2p-yamux');
  readonly keys: typeof import('@libp2p/crypto/keys');
  readonly peerId: typeof import('@libp2p/peer-id');
  readonly multiaddr: typeof import('@multiformats/multiaddr');
  readonly lp: typeof import('it-length-prefixed');
}

let loading: Promise<Libp2pModules> | undefined;

/**
 * The modules, imported once. `stack`: the path of `stack.ts` bundled into one ES module, which
 * loads in a fraction of the time (the validator command passes the one it built); the first
 * call decides, later calls get the same modules.
 */
export function loadLibp2p(stack?: string): Promise<Libp2pModules> {
  // The bundle's type is `stack.ts`'s: the compiler holds its exports to `Libp2pModules`.
  const bundled = (file: string): Promise<Libp2pModules> =>
    importEsm<typeof import('./stack')>(pathToFileURL(file).href);
  loading ??= stack === undefined ? separately() : bundled(stack);
  loading.catch(() => (loading = undefined));
  return loading;
}

/** The package each module is imported from (the ones `stack.ts` bundles). */
export const LIBP2P_PACKAGES: { readonly [K in keyof Libp2pModules]: string } = {
  libp2p: 'libp2p',
  tcp: '@libp2p/tcp',
  noise: '@chainsafe/libp2p-noise',
  yamux: '@chainsafe/libp2p-yamux',
  keys: '@libp2p/crypto/keys',
  peerId: '@libp2p/peer-id',
  multiaddr: '@multiformats/multiaddr',
  lp: 'it-length-prefixed',
};

async function separately(): Promise<Libp2pModules> {
  const modules: Record<string, unknown> = {};
  // One at a time: Jest's ESM loader (tests) fails on concurrent imports sharing a dependency.
  for (const [name, specifier] of Object.entries(LIBP2P_PACKAGES)) modules[name] = await importEsm(specifier);
  return modules as unknown as Libp2pModules;
}
