/** The guarded inbound path set up for a reference node: its domain, validators, verifier and checks. */
import {
  createGuardedInbound,
  type GuardedInbound,
  type GuardedInboundOptions,
} from '../inbound/guarded-inbound';
import type { InboundTarget } from '../inbound/target';
import type { ReferenceNode } from './node';
import type { Ballot, Collected, Frame, PeerId } from './types';

export type ReferenceInboundOptions = Pick<
  GuardedInboundOptions<Frame, Ballot, PeerId, Collected>,
  'maxBytes' | 'maxDepth' | 'rankWindow' | 'maxScoredLinks'
>;

export function createReferenceInbound(
  machine: InboundTarget<Frame, Ballot, PeerId, Collected>,
  node: ReferenceNode,
  options: ReferenceInboundOptions = {},
): GuardedInbound<Frame, Ballot, PeerId, Collected> {
  return createGuardedInbound({
    ...options,
    machine,
    domain: node.domain,
    validators: node.validators,
    verifier: node.verifier,
    check: node.checkMessage,
  });
}
