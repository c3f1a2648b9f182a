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
  loading ??= stack === undefined ? separately() : importEsm<Libp2pModules>(pathToFileURL(stack).href);
  loading.catch(() => (loading = undefined));
  return loading;
}

// One at a time: Jest's ESM loader (tests) fails on concurrent imports sharing a dependency.
const separately = async (): Promise<Libp2pModules> => ({
  libp2p: await importEsm<Libp2pModules['libp2p']>('libp2p'),
  tcp: await importEsm<Libp2pModules['tcp']>('@libp2p/tcp'),
  noise: await importEsm<Libp2pModules['noise']>('@chainsafe/libp2p-noise'),
  yamux: await importEsm<Libp2pModules['yamux']>('@chainsafe/libp2p-yamux'),
  keys: await importEsm<Libp2pModules['keys']>('@libp2p/crypto/keys'),
  peerId: await importEsm<Libp2pModules['peerId']>('@libp2p/peer-id'),
  multiaddr: await importEsm<Libp2pModules['multiaddr']>('@multiformats/multiaddr'),
  lp: await importEsm<Libp2pModules['lp']>('it-length-prefixed'),
});
