/**
 * rx-consensus/transport: the consensus wire messages, `attachTransport` (an inbound stream of
 * messages into a machine's receive side) and a seeded in-memory network for tests and demos.
 *
 * @module rx-consensus/transport
 */
export {
  type ConsensusMessage,
  type ConsensusMessageKind,
  type ConsensusKind,
  type ProposalMessage,
  type VoteMessage,
  type LivenessMessage,
  type ConfirmationMessage,
  type ConsensusOutbound,
  type ConsensusSink,
  createOutbound,
} from '../transport/messages';
export {
  attachTransport,
  type AttachOptions,
  type AttachStats,
  type TransportAttachment,
} from '../transport/attach';
export { BROADCAST, endpointTransport, type Transport, type Outbound } from '../transport/transport';
export { createNetwork } from '../transport/network';
export type { Network, NetworkOptions, Endpoint, Delivery } from '../transport/network-types';
export { DEFAULT_LINK, type LinkOptions, type Latency } from '../transport/link';
export type { CloneOption } from '../transport/clone';
export type { MessageCounters, NodeStats, NetworkStats } from '../transport/counters';
export { createRng, type Rng } from '../transport/rng';
