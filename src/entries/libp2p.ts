/**
 * rx-consensus/libp2p (Node only): a `ValidatorTransport` over libp2p: one long-lived stream per
 * validator pair (TCP, Noise, Yamux, length-prefixed frames), open to the validator set's peers
 * only. `createLibp2pTransport` builds the node; `attachValidatorLinks` runs the links on a node
 * you built. Needs the optional peers `libp2p` 2.10 and its modules, loaded (as ES modules) on
 * first use.
 *
 * @module rx-consensus/libp2p
 */
export {
  attachValidatorLinks,
  createLibp2pTransport,
  libp2pPeerIdFor,
  linkProtocol,
  type Libp2pNode,
  type Libp2pTransport,
  type Libp2pTransportOptions,
  type RefusalReason,
  type TransportCounters,
  type ValidatorKeyInput,
  type ValidatorLinks,
  type ValidatorLinksOptions,
  type PeerBudgetOptions,
  type OutboxLimits,
  type BackoffOptions,
} from '../libp2p';
