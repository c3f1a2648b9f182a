/**
 * Who may send to this node: the sender ids an envelope may carry, each with the public key its
 * signatures must verify under and the peer value the machine is told about. A `ValidatorSet`
 * is one.
 */
export interface KnownSenders<P> {
  /** The peer an envelope sender id stands for; undefined for an unknown sender. */
  peerOf(senderId: string): P | undefined;
  publicKeyOf(senderId: string): string | undefined;
}
