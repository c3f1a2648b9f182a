/**
 * A cluster of reference nodes on the in-memory network, in virtual time: every message travels
 * as signed envelope bytes and enters each node through its guarded inbound path. Some validators
 * can be Byzantine: silent, or equivocating (two proposals and a vote for every proposal seen,
 * each sent to a different part of the network).
 */
import { map, type Subscription } from 'rxjs';
import { createStateMachine } from '../../src';
import { attachGuarded, type GuardedInbound, type InboundRejection } from '../../src/inbound';
import {
  buildFrame,
  createReferenceInbound,
  createReferenceNode,
  referenceDomain,
  signBallot,
  type Ballot,
  type Collected,
  type Frame,
  type PeerId,
  type ReferenceNode,
} from '../../src/reference';
import { createNetwork, type Endpoint, type Latency } from '../../src/transport';
import { decodeEnvelope, encodeEnvelope, openEnvelope, sealedBroadcasts, sealMessage } from '../../src/wire';
import { genesis, keyring, virtualScheduler, type Keyring, type Machine, type Message } from './support';

export type Behaviour = 'honest' | 'silent' | 'equivocating';

export interface ClusterOptions {
  readonly n: number;
  readonly behaviour?: (id: PeerId, index: number) => Behaviour;
  readonly seed?: number;
  readonly latency?: Latency;
  readonly reorder?: number;
  readonly loss?: number;
  readonly duplicate?: number;
  /** The vote decision's patience (default 100 ms). */
  readonly patience?: number;
  /** Virtual milliseconds to run before every machine is closed. */
  readonly runFor: number;
}

export interface HonestNode {
  readonly id: PeerId;
  readonly node: ReferenceNode;
  readonly machine: Machine;
  readonly inbound: GuardedInbound<Frame, Ballot, PeerId, Collected>;
  /** Every frame this node made active, by rank. */
  readonly finalized: Map<number, Frame>;
  readonly errors: string[];
  readonly transitions: string[];
  /** Equivocation and conflict rejections, with their signed evidence. */
  readonly evidence: InboundRejection[];
}

export interface ClusterRun {
  readonly ring: Keyring;
  readonly honest: readonly HonestNode[];
  readonly byzantine: readonly PeerId[];
}

export function runCluster(options: ClusterOptions): ClusterRun {
  const ring = keyring(options.n);
  const scheduler = virtualScheduler();
  const network = createNetwork<Uint8Array>({
    scheduler,
    seed: options.seed ?? 0,
    clone: 'none',
    link: {
      latency: options.latency ?? { min: 1, max: 20 },
      reorder: options.reorder ?? 0,
      loss: options.loss ?? 0,
      duplicate: options.duplicate ?? 0,
    },
  });
  const behaviourOf = options.behaviour ?? (() => 'honest');
  const honest: HonestNode[] = [];
  const byzantine: PeerId[] = [];
  const subscriptions: Subscription[] = [];

  ring.ids.forEach((id, index) => {
    const behaviour = behaviourOf(id, index);
    if (behaviour === 'silent') {
      byzantine.push(id);
      return;
    }
    const endpoint = network.join(id);
    if (behaviour === 'equivocating') {
      byzantine.push(id);
      subscriptions.push(equivocator(ring, id, endpoint));
      return;
    }
    const signer = ring.signer(id);
    const send = sealedBroadcasts({
      self: id,
      signer,
      domain: referenceDomain,
      broadcast: (bytes) => endpoint.broadcast(bytes),
    });
    const node = createReferenceNode({
      self: id,
      signer,
      validators: ring.validators,
      send,
      scheduler,
      patience: options.patience ?? 100,
    });
    node.mutationPool.add(`tx-from-${id}`);
    const errors: string[] = [];
    const machine = createStateMachine({
      ...node.machineOptions,
      scheduler,
      tracer: { trace: () => undefined, error: (message) => errors.push(message) },
    });
    node.follow(machine);
    const inbound = createReferenceInbound(machine, node);
    const evidence: InboundRejection[] = [];
    subscriptions.push(
      inbound.rejection$.subscribe((r) => {
        if (r.reason === 'equivocation' || r.reason === 'conflict') evidence.push(r);
      }),
    );
    const transitions: string[] = [];
    subscriptions.push(
      machine.transition$.subscribe((t) => transitions.push(`${t.at} ${t.from}->${t.to} (${t.event})`)),
    );
    subscriptions.push(attachGuarded(inbound, endpoint.inbound$.pipe(map((d) => d.message))));
    const finalized = new Map<number, Frame>();
    subscriptions.push(
      machine.state$.subscribe((s) => {
        if (s.activeState !== null) finalized.set(s.activeState.rank, s.activeState);
      }),
    );
    honest.push({ id, node, machine, inbound, finalized, errors, transitions, evidence });
  });

  for (const node of honest) node.machine.start();
  scheduler.schedule(() => {
    for (const node of honest) node.machine.close();
    for (const s of subscriptions) s.unsubscribe();
    network.close();
  }, options.runFor);
  scheduler.flush();
  return { ring, honest, byzantine };
}

/**
 * A Byzantine validator that splits the network: for each rank it proposes two different frames
 * (one to each half of the other nodes) and, for every proposal it sees, sends its vote for it to
 * some nodes, voting for every proposal at once.
 */
function equivocator(ring: Keyring, self: PeerId, endpoint: Endpoint<Uint8Array>): Subscription {
  const signer = ring.signer(self);
  const proposedAt = new Set<number>();
  const votedFor = new Set<string>();
  const others = ring.ids.filter((id) => id !== self);
  const sendTo = (targets: readonly PeerId[], message: Message) => {
    const bytes = encodeEnvelope(sealMessage(referenceDomain, signer, message));
    for (const to of targets) endpoint.send(to, bytes);
  };
  return endpoint.inbound$.subscribe(({ message: bytes }) => {
    const decoded = decodeEnvelope(bytes);
    if (decoded._tag === 'Left') return;
    const opened = openEnvelope(referenceDomain, decoded.right, decoded.right.sender);
    if (opened._tag === 'Left') return;
    const message = opened.right;
    if (message.kind !== 'proposal' && message.kind !== 'liveness') return;
    const rank = message.kind === 'proposal' ? message.proposal.rank : message.collected.rank;
    const prior =
      message.kind === 'proposal' ? { ...genesis, id: message.proposal.parent, rank: rank - 1 } : undefined;
    if (prior !== undefined && !proposedAt.has(rank)) {
      proposedAt.add(rank);
      const half = Math.ceil(others.length / 2);
      const frames = [0, 1].map((k) =>
        buildFrame({ prior, proposer: self, mutations: [`evil-${k}`], proof: 'evil' }, signer),
      );
      sendTo(others.slice(0, half), { kind: 'proposal', peer: self, proposal: frames[0]! });
      sendTo(others.slice(half), { kind: 'proposal', peer: self, proposal: frames[1]! });
    }
    if (message.kind === 'proposal' && !votedFor.has(message.proposal.id)) {
      votedFor.add(message.proposal.id);
      const vote = signBallot(message.proposal, self, signer);
      const targets = others.filter((_, i) => (i + votedFor.size) % 2 === 0);
      sendTo(targets, { kind: 'vote', proposer: message.proposal.proposer, voter: self, vote });
    }
  });
}
