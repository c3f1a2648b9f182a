/**
 * The consensus messages as data: the one list of message kinds. For each kind, the fields it
 * carries (in the order the receive functions and the outbound helpers take them), which field
 * is its sender, which is the item it delivers and which domain accessor reads each field, the
 * event a newly stored one raises, and where a round keeps it. The transport, the wire, the
 * guarded inbound path and the machine's receive side read this table instead of listing the
 * kinds themselves.
 */
import { MachineEvent } from './states';

export type ProposalMessage<S, P> = { readonly kind: 'proposal'; readonly peer: P; readonly proposal: S };
export type VoteMessage<V, P> = {
  readonly kind: 'vote';
  readonly proposer: P;
  readonly voter: P;
  readonly vote: V;
};
export type LivenessMessage<P, C> = { readonly kind: 'liveness'; readonly peer: P; readonly collected: C };
export type ConfirmationMessage<S, P> = {
  readonly kind: 'confirmation';
  readonly peer: P;
  readonly confirmation: S;
};

/** A consensus message: the shape of the machine's receive side, of the transport and of the wire. */
export type ConsensusMessage<S, V, P, C> =
  ProposalMessage<S, P> | VoteMessage<V, P> | LivenessMessage<P, C> | ConfirmationMessage<S, P>;

/** The four kinds of consensus message. */
export type ConsensusKind = ConsensusMessage<unknown, unknown, unknown, unknown>['kind'];

/** The message of kind `K`. */
export type MessageOf<K extends ConsensusKind, S, V, P, C> = Extract<
  ConsensusMessage<S, V, P, C>,
  { kind: K }
>;

/** Which of the domain's accessors reads a field: `peer` for peers, the others for items. */
export type DomainPart = 'state' | 'vote' | 'peer' | 'collected';

export interface MessageKindSpec {
  /** Every field but `kind`, in the order receive functions take them. */
  readonly fields: readonly string[];
  /** The field naming who sent it (and signed it, on the wire). */
  readonly sender: string;
  /** The field holding the item the machine stores, which has an identity and a rank. */
  readonly item: string;
  /** The domain accessor of each field. */
  readonly parts: Readonly<Record<string, DomainPart>>;
  /** What the machine raises when it stores a new one. */
  readonly received: MachineEvent;
  /** Where a round keeps them. */
  readonly collection: 'proposals' | 'votes' | 'liveness' | 'confirmations';
  /** The machine's receive function for it. */
  readonly receive: 'receiveProposal' | 'receiveVote' | 'receiveLivenessCheck' | 'receiveConfirmation';
}

export const MESSAGE_KINDS = {
  proposal: {
    fields: ['peer', 'proposal'],
    sender: 'peer',
    item: 'proposal',
    parts: { peer: 'peer', proposal: 'state' },
    received: MachineEvent.ProposalReceived,
    collection: 'proposals',
    receive: 'receiveProposal',
  },
  vote: {
    fields: ['proposer', 'voter', 'vote'],
    sender: 'voter',
    item: 'vote',
    parts: { proposer: 'peer', voter: 'peer', vote: 'vote' },
    received: MachineEvent.VoteReceived,
    collection: 'votes',
    receive: 'receiveVote',
  },
  liveness: {
    fields: ['peer', 'collected'],
    sender: 'peer',
    item: 'collected',
    parts: { peer: 'peer', collected: 'collected' },
    received: MachineEvent.LivenessCheckReceived,
    collection: 'liveness',
    receive: 'receiveLivenessCheck',
  },
  confirmation: {
    fields: ['peer', 'confirmation'],
    sender: 'peer',
    item: 'confirmation',
    parts: { peer: 'peer', confirmation: 'state' },
    received: MachineEvent.ConfirmationReceived,
    collection: 'confirmations',
    receive: 'receiveConfirmation',
  },
} as const satisfies Record<ConsensusKind, MessageKindSpec>;

/** The kinds, in table order. */
export const CONSENSUS_KINDS: readonly ConsensusKind[] = Object.freeze(
  Object.keys(MESSAGE_KINDS) as ConsensusKind[],
);

/** Whether `kind` names a consensus message (a string from outside may name anything). */
export const isConsensusKind = (kind: string): kind is ConsensusKind =>
  Object.prototype.hasOwnProperty.call(MESSAGE_KINDS, kind);

/** The fields of a kind that are not its sender: what a message's body carries on the wire. */
export const bodyFieldsOf = (kind: ConsensusKind): readonly string[] => BODY_FIELDS[kind];

const BODY_FIELDS: Readonly<Record<ConsensusKind, readonly string[]>> = Object.freeze(
  Object.fromEntries(
    CONSENSUS_KINDS.map((kind) => {
      const spec: MessageKindSpec = MESSAGE_KINDS[kind];
      return [kind, Object.freeze(spec.fields.filter((f) => f !== spec.sender))];
    }),
  ) as Record<ConsensusKind, readonly string[]>,
);

/** The message of `kind` whose fields, in table order, are `values`. */
export function messageOf<S, V, P, C>(
  kind: ConsensusKind,
  values: readonly unknown[],
): ConsensusMessage<S, V, P, C> {
  const message: Record<string, unknown> = { kind };
  const fields = MESSAGE_KINDS[kind].fields;
  for (let i = 0; i < fields.length; i++) message[fields[i]!] = values[i];
  return message as ConsensusMessage<S, V, P, C>;
}

/** The message of `kind` from `sender`, whose other fields, in table order, are `body`. */
export function messageFrom<S, V, P, C>(
  kind: ConsensusKind,
  sender: P,
  body: readonly unknown[],
): ConsensusMessage<S, V, P, C> {
  const spec: MessageKindSpec = MESSAGE_KINDS[kind];
  const message: Record<string, unknown> = { kind };
  let next = 0;
  for (const field of spec.fields) message[field] = field === spec.sender ? sender : body[next++];
  return message as ConsensusMessage<S, V, P, C>;
}

/** The fields of `message` in table order: the arguments of its receive function. */
export function fieldValuesOf<S, V, P, C>(message: ConsensusMessage<S, V, P, C>): unknown[] {
  const m = message as unknown as Record<string, unknown>;
  return MESSAGE_KINDS[message.kind].fields.map((field) => m[field]);
}

/** The sender of a message: the voter for a vote. */
export const senderOf = <S, V, P, C>(message: ConsensusMessage<S, V, P, C>): P =>
  (message as unknown as Record<string, P>)[MESSAGE_KINDS[message.kind].sender]!;

/** The item a message delivers (a proposal's state, a vote's vote...), with the domain part that reads it. */
export function itemOf<S, V, P, C>(
  message: ConsensusMessage<S, V, P, C>,
): { readonly value: S | V | C; readonly part: Exclude<DomainPart, 'peer'> } {
  const spec: MessageKindSpec = MESSAGE_KINDS[message.kind];
  return {
    value: (message as unknown as Record<string, S | V | C>)[spec.item]!,
    part: spec.parts[spec.item] as Exclude<DomainPart, 'peer'>,
  };
}
