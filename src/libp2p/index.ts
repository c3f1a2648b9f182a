/** rx-consensus/libp2p: a `ValidatorTransport` over libp2p (optional peer dependencies, loaded on first use). */
export { createLibp2pTransport, type Libp2pTransport, type Libp2pTransportOptions } from './transport';
export {
  attachValidatorLinks,
  linkProtocol,
  type Libp2pNode,
  type RefusalReason,
  type TransportCounters,
  type ValidatorLinks,
  type ValidatorLinksOptions,
} from './links';
export { libp2pPeerIdFor, type ValidatorKeyInput } from './peers';
export { loadLibp2p, type Libp2pModules } from './modules';
export type { PeerBudgetOptions } from './peer-budget';
export type { OutboxLimits } from './outbox';
export type { BackoffOptions } from './backoff';
