/**
 * Reading the honest core's outbound bytes, for strategies that rewrite what their node sends:
 * the consensus message or the timeout/catch-up message inside, or null for anything else.
 */
import { referenceDomain } from '../../reference/domain';
import { openControl, type ControlMessage } from '../../reference/validator/control';
import { decodeEnvelope } from '../../wire/encoding';
import { openEnvelope } from '../../wire/message';
import type { OutboundBytes, ReferenceMessage } from './types';

export type Outgoing =
  | { readonly family: 'consensus'; readonly message: ReferenceMessage }
  | { readonly family: 'control'; readonly message: ControlMessage };

export function outgoing(out: OutboundBytes): Outgoing | null {
  const decoded = decodeEnvelope(out.bytes);
  if (decoded._tag === 'Left') return null;
  const envelope = decoded.right;
  const control = openControl(envelope);
  if (control._tag === 'Right') return { family: 'control', message: control.right };
  const opened = openEnvelope(referenceDomain, envelope, envelope.sender);
  return opened._tag === 'Right' ? { family: 'consensus', message: opened.right } : null;
}
