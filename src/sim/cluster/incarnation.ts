/**
 * One life of an honest node: a reference node and its machine, built from the node's durable
 * store only, fed through the guarded inbound path from its endpoint, sending sealed envelopes
 * through `transmit`. It reports what it does as `NodeEvent`s; `close()` ends the life (a crash).
 */
import { Subscription, type SchedulerLike } from 'rxjs';
import { createStateMachine } from '../../engine/create-state-machine';
import type { StateMachine } from '../../engine/state-machine';
import { describeError } from '../../guard/describe';
import type { GuardedInbound } from '../../inbound/guarded-inbound';
import { referenceDomain } from '../../reference/domain';
import { createReferenceInbound } from '../../reference/inbound';
import { createReferenceNode, type ReferenceNode } from '../../reference/node';
import type { Ballot, Collected, Frame, PeerId } from '../../reference/types';
import type { ValidatorSet } from '../../reference/validator-set';
import type { Endpoint } from '../../transport/network-types';
import { sealedBroadcasts } from '../../wire/broadcasts';
import type { Envelope } from '../../wire/envelope';
import type { Signer, Verifier } from '../../wire/signature';
import type { OutboundBytes } from '../byzantine/types';
import { catchUpSync, createCatchUp, type CatchUp } from './catch-up';
import type { DurableStore } from './durable-store';
import type { NodeEvent } from './events';
import type { NodeSettings } from './options';
import { createResender, type Resender } from './resend';
import { signedVoteOf } from './signed-vote';

export type ReferenceMachine = StateMachine<Frame, Ballot, PeerId, Collected>;
export type ReferenceInbound = GuardedInbound<Frame, Ballot, PeerId, Collected>;

export interface IncarnationOptions {
  readonly id: PeerId;
  readonly signer: Signer;
  readonly validators: ValidatorSet;
  readonly verifier: Verifier;
  readonly genesis: Frame;
  /** The clock of the network, patience, resends and catch-up. */
  readonly scheduler: SchedulerLike;
  /** The machine's scheduler: undefined in real time (the engine's defaults). */
  readonly machineScheduler: SchedulerLike | undefined;
  readonly endpoint: Endpoint<Uint8Array>;
  readonly store: DurableStore;
  readonly settings: NodeSettings;
  /** Sends one outbound message (to every peer unless `to` says otherwise). */
  readonly transmit: (out: OutboundBytes) => void;
  readonly report: (event: NodeEvent) => void;
}

export interface Incarnation {
  readonly reference: ReferenceNode;
  readonly machine: ReferenceMachine;
  readonly inbound: ReferenceInbound;
  close(): void;
}

export function createIncarnation(o: IncarnationOptions): Incarnation {
  const { id, store, settings, report, scheduler } = o;
  const subscriptions = new Subscription();
  // Bound late: the machine is built after the broadcasts and the catch-up that it needs.
  let machine: ReferenceMachine | null = null;
  const activeRank = (): number => machine?.getSnapshot().activeRank ?? -1;

  let resender: Resender | null = null;
  const send = sealedBroadcasts({
    self: id,
    signer: o.signer,
    domain: referenceDomain,
    broadcast: (bytes: Uint8Array, envelope: Envelope) => {
      const vote = signedVoteOf(envelope);
      if (vote !== undefined) report({ kind: 'vote-signed', ...vote });
      resender?.sent(envelope, bytes);
      o.transmit({ bytes });
    },
  });
  const reference = createReferenceNode({
    self: id,
    signer: o.signer,
    validators: o.validators,
    verifier: o.verifier,
    genesis: o.genesis,
    send,
    scheduler,
    patience: settings.patience,
    mutationPool: store.pool,
  });

  let catchUp: CatchUp | null = null;
  if (settings.catchUpAfter !== null) {
    catchUp = createCatchUp({
      reference,
      scheduler,
      after: settings.catchUpAfter,
      activeRank,
      stuck: () => void machine?.sendEvent('induce_sync'),
    });
  }
  const providers =
    catchUp === null
      ? reference.providers
      : {
          ...reference.providers,
          sync: catchUpSync(reference.providers.sync, catchUp, (frame) =>
            report({ kind: 'caught-up', rank: frame.rank }),
          ),
        };

  const built: ReferenceMachine = createStateMachine({
    ...reference.machineOptions,
    providers,
    initialState: store.lastFrame,
    voteStore: store.votes,
    scheduler: o.machineScheduler,
    timeouts: settings.timeouts,
    syncRetryDelay: settings.syncRetryDelay,
    tracer: {
      trace: () => undefined,
      error: (message, err) => report({ kind: 'error', message: `${message}: ${describeError(err)}` }),
    },
  });
  machine = built;
  subscriptions.add(reference.follow(built));
  const inbound = createReferenceInbound(built, reference, { maxBytes: settings.maxBytes });

  if (settings.resendEvery !== null) {
    const r = createResender({
      every: settings.resendEvery,
      scheduler,
      activeRank,
      resend: (bytes) => o.transmit({ bytes }),
    });
    resender = r;
    subscriptions.add(() => r.stop());
  }
  if (catchUp !== null) subscriptions.add(() => catchUp.stop());

  subscriptions.add(inbound.rejection$.subscribe((rejection) => report({ kind: 'rejected', rejection })));
  subscriptions.add(built.transition$.subscribe((transition) => report({ kind: 'transition', transition })));
  let lastActive = store.lastFrame?.id;
  subscriptions.add(
    built.state$.subscribe(({ activeState }) => {
      if (activeState === null || activeState.id === lastActive) return;
      lastActive = activeState.id;
      store.lastFrame = activeState;
      report({ kind: 'finalized', rank: activeState.rank, frame: activeState });
    }),
  );
  subscriptions.add(
    o.endpoint.inbound$.subscribe(({ message: raw }) => {
      const result = inbound.accept(raw);
      catchUp?.observe(raw, result);
    }),
  );

  return {
    reference,
    machine: built,
    inbound,
    close() {
      subscriptions.unsubscribe();
      built.close();
      inbound.close();
    },
  };
}
