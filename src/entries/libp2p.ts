/**
 * rx-consensus/libp2p (Node only): a `ValidatorTransport` over libp2p (TCP, Noise, Yamux,
 * gossipsub, a direct stream protocol), open to the validator set's peers only. Needs the
 * optional peers `libp2p` 2.10 and its modules, loaded (as ES modules) on first use.
 *
 * @module rx-consensus/libp2p
 */
export {
  createLibp2pTransport,
  libp2pPeerIdFor,
  type Libp2pTransport,
  type Libp2pTransportOptions,
  type RefusalReason,
  type TransportCounters,
  type ValidatorKeyInput,
} from '../libp2p';
