/**
 * One life of an honest node: a reference validator built from the node's durable store only,
 * fed from its network endpoint, sending through `transmit`. It reports what it does as
 * `NodeEvent`s; `close()` ends the life (a crash).
 */
import { map, Subscription, type SchedulerLike } from 'rxjs';
import type { GuardedInbound } from '../../inbound/guarded-inbound';
import type { Ballot, Collected, Frame, PeerId } from '../../reference/types';
import {
  createReferenceValidator,
  type ReferenceMachine,
  type ReferenceValidator,
} from '../../reference/validator/create-validator';
import type { ValidatorSet } from '../../reference/validator-set';
import type { Endpoint } from '../../transport/network-types';
import type { Signer, Verifier } from '../../wire/signature';
import type { OutboundBytes } from '../byzantine/types';
import type { DurableStore } from './durable-store';
import type { NodeEvent } from './events';
import type { NodeSettings } from './options';
import { signedVoteOf } from './events';

export type { ReferenceMachine };
export type ReferenceInbound = GuardedInbound<Frame, Ballot, PeerId, Collected>;

export interface IncarnationOptions {
  readonly id: PeerId;
  readonly signer: Signer;
  readonly validators: ValidatorSet;
  readonly verifier: Verifier;
  readonly genesis: Frame;
  /** The clock of the network and of every timer of the validator. */
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
  readonly validator: ReferenceValidator;
  readonly machine: ReferenceMachine;
  readonly inbound: ReferenceInbound;
  close(): void;
}

export function createIncarnation(o: IncarnationOptions): Incarnation {
  const { settings, report } = o;
  const validator = createReferenceValidator({
    self: o.id,
    signer: o.signer,
    validators: o.validators,
    verifier: o.verifier,
    genesis: o.genesis,
    store: o.store.validator,
    mutationPool: o.store.pool,
    scheduler: o.machineScheduler ?? o.scheduler,
    transport: {
      inbound$: o.endpoint.inbound$.pipe(map(({ message }) => ({ bytes: message }))),
      broadcast: (bytes) => o.transmit({ bytes }),
      send: (to, bytes) => o.transmit({ bytes, to: [to] }),
    },
    ...settings.validator,
  });
  const subscriptions = new Subscription();
  subscriptions.add(
    validator.events$.subscribe((event) => {
      switch (event.kind) {
        case 'finalized':
          report({ kind: 'finalized', rank: event.rank, frame: event.frame });
          return;
        case 'sent': {
          const vote = signedVoteOf(event.envelope);
          if (vote !== undefined) report({ kind: 'vote-signed', ...vote });
          return;
        }
        case 'caught-up':
          report({ kind: 'caught-up', rank: event.rank });
          return;
        case 'error':
          report({ kind: 'error', message: event.message });
          return;
        case 'rank':
          report({ kind: 'rank', rank: event.rank, by: event.by });
          return;
        case 'refused':
          return;
      }
    }),
  );
  subscriptions.add(
    validator.inbound.rejection$.subscribe((rejection) => report({ kind: 'rejected', rejection })),
  );
  subscriptions.add(
    validator.received$.subscribe(({ signer, kind, rank, item }) =>
      report({ kind: 'received-signed', signer, signedKind: kind, rank, item }),
    ),
  );
  subscriptions.add(
    validator.machine.transition$.subscribe((transition) => report({ kind: 'transition', transition })),
  );
  // The chain this life starts from: genesis, or the last frame final before a crash.
  const from = o.store.validator.lastFinalized()?.frame ?? o.genesis;
  report({ kind: 'finalized', rank: from.rank, frame: from });
  validator.start();

  return {
    validator,
    machine: validator.machine,
    inbound: validator.inbound,
    close() {
      subscriptions.unsubscribe();
      validator.close();
    },
  };
}
