/** rx-consensus/libp2p: a `ValidatorTransport` over libp2p (optional peer dependencies, loaded on first use). */
export {
  createLibp2pTransport,
  type Libp2pTransport,
  type Libp2pTransportOptions,
  type RefusalReason,
  type TransportCounters,
} from './transport';
export { libp2pPeerIdFor, type ValidatorKeyInput } from './peers';
