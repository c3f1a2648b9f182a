/** Reading what arrives at a Byzantine node: bytes to a decoded message, or nothing for garbage. */
import { referenceDomain } from '../../reference/domain';
import type { Delivery } from '../../transport/network-types';
import { decodeEnvelope } from '../../wire/encoding';
import { openEnvelope } from '../../wire/message';
import type { Heard } from './types';

export function hear(delivery: Delivery<Uint8Array>): Heard | null {
  const decoded = decodeEnvelope(delivery.message);
  if (decoded._tag === 'Left') return null;
  const envelope = decoded.right;
  const opened = openEnvelope(referenceDomain, envelope, envelope.sender);
  if (opened._tag === 'Left') return null;
  return {
    from: delivery.from,
    envelope,
    message: opened.right,
    bytes: delivery.message,
    at: delivery.deliveredAt,
  };
}
