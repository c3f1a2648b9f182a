/**
 * One node of a cluster across its lives: honest (a machine), Byzantine (a strategy, maybe over an
 * honest core) or a twin. `start` joins the network and begins a life; `crash` ends it at once,
 * keeping only the durable store and the log; `restart` begins the next life from the store.
 */
import { Subscription } from 'rxjs';
import type { ReferenceValidator } from '../../reference/validator/create-validator';
import type { Frame, PeerId } from '../../reference/types';
import type { ValidatorSet } from '../../reference/validator-set';
import type { Network } from '../../transport/network-types';
import type { Rng } from '../../transport/rng';
import type { Signer, Verifier } from '../../wire/signature';
import type { ByzantineStrategy } from '../byzantine/types';
import { createByzantineContext, type LiveContext } from './byzantine-context';
import type { ClusterClock } from './clock';
import type { DurableStore } from './durable-store';
import type { ClusterEvent, NodeEvent } from './events';
import {
  createIncarnation,
  type Incarnation,
  type ReferenceInbound,
  type ReferenceMachine,
} from './incarnation';
import { NodeLog, type NodeObservations } from './node-log';
import type { NodeSettings } from './options';

/** A node as cluster users see it. Machine, reference node and inbound path are the current life's. */
export interface ClusterNode {
  /** Network key: the validator id, or `<id>~twin` for a twin's second copy. */
  readonly key: string;
  /** The validator it runs as. */
  readonly id: PeerId;
  /** `honest`, `twin`, or the Byzantine strategy's name. */
  readonly behaviour: string;
  /** Breaks the protocol: left out of the honest nodes' checks. */
  readonly faulty: boolean;
  /** Started and not crashed. */
  readonly up: boolean;
  /** The current life's machine; null while down, or for a Byzantine node without an honest core. */
  readonly machine: ReferenceMachine | null;
  /** The current life's validator; null while down, or for a Byzantine node without an honest core. */
  readonly validator: ReferenceValidator | null;
  readonly inbound: ReferenceInbound | null;
  readonly store: DurableStore;
  readonly log: NodeObservations;
  /** The current life: 0 before the first restart. */
  readonly incarnation: number;
}

export interface NodeDeps {
  readonly key: string;
  readonly id: PeerId;
  readonly behaviour: string;
  readonly faulty: boolean;
  readonly strategy: ByzantineStrategy | null;
  readonly signer: Signer;
  readonly validators: ValidatorSet;
  readonly verifier: Verifier;
  readonly genesis: Frame;
  readonly clock: ClusterClock;
  readonly network: Network<Uint8Array>;
  readonly settings: NodeSettings;
  readonly store: DurableStore;
  readonly rng: Rng;
  readonly emit: (event: ClusterEvent) => void;
}

/** What one life holds, to be torn down when it ends. */
interface Life {
  readonly incarnation: Incarnation | null;
  readonly context: LiveContext;
  readonly teardown: Subscription;
  leave(): void;
}

export class ClusterNodeRuntime implements ClusterNode {
  readonly key: string;
  readonly id: PeerId;
  readonly behaviour: string;
  readonly faulty: boolean;
  readonly store: DurableStore;
  readonly log: NodeLog;
  private lives = 0;
  private life: Life | null = null;

  constructor(private readonly deps: NodeDeps) {
    this.key = deps.key;
    this.id = deps.id;
    this.behaviour = deps.behaviour;
    this.faulty = deps.faulty;
    this.store = deps.store;
    this.log = new NodeLog(deps.settings.historyLimit);
  }

  get up(): boolean {
    return this.life !== null;
  }
  get incarnation(): number {
    return Math.max(0, this.lives - 1);
  }
  get machine(): ReferenceMachine | null {
    return this.life?.incarnation?.machine ?? null;
  }
  get validator(): ReferenceValidator | null {
    return this.life?.incarnation?.validator ?? null;
  }
  get inbound(): ReferenceInbound | null {
    return this.life?.incarnation?.inbound ?? null;
  }

  /** Joins the network and begins a life (the first, or the next after a crash). */
  start(): void {
    if (this.life !== null) throw new Error(`node ${this.key} is already up`);
    const d = this.deps;
    this.lives++;
    this.log.incarnations = this.lives;
    if (this.lives > 1) this.report({ kind: 'restarted' });
    const endpoint = d.network.join(d.key);
    const report = (event: NodeEvent): void => this.report(event);
    // Every node sends through the context's transmit (silenced when the node crashes); only a
    // Byzantine strategy uses the rest of it.
    const live = createByzantineContext({
      key: d.key,
      self: d.id,
      signer: d.signer,
      validators: d.validators,
      genesis: d.genesis,
      scheduler: d.clock.scheduler,
      rng: d.rng,
      network: d.network,
      endpoint,
      report,
    });
    const strategy = d.strategy;
    const filter = strategy?.honestCore?.outbound;
    const incarnation =
      strategy === null || strategy.honestCore !== undefined
        ? createIncarnation({
            id: d.id,
            signer: d.signer,
            validators: d.validators,
            verifier: d.verifier,
            genesis: d.genesis,
            scheduler: d.clock.scheduler,
            machineScheduler: d.clock.mode === 'virtual' ? d.clock.scheduler : undefined,
            endpoint,
            store: d.store,
            settings: d.settings,
            transmit: filter === undefined ? live.transmit : (out) => filter(out, live.transmit, live.ctx),
            report,
          })
        : null;
    const teardown = new Subscription();
    if (strategy !== null) teardown.add(strategy.start(live.ctx));
    this.life = { incarnation, context: live, teardown, leave: () => endpoint.leave() };
  }

  /** Ends the current life at once: the machine is closed and the node leaves the network. */
  crash(): void {
    if (this.life === null) throw new Error(`node ${this.key} is not up`);
    this.report({ kind: 'crashed' });
    this.end();
  }

  /** Begins the next life from the durable store. */
  restart(): void {
    this.start();
  }

  /** Ends the current life, if any, without reporting a crash (the cluster is closing). */
  end(): void {
    const life = this.life;
    if (life === null) return;
    this.life = null;
    life.context.silence();
    life.teardown.unsubscribe();
    life.incarnation?.close();
    life.leave();
  }

  private report(event: NodeEvent): void {
    const full = {
      ...event,
      at: this.deps.clock.now(),
      node: this.key,
      id: this.id,
      incarnation: this.incarnation,
    } as ClusterEvent;
    this.log.record(full);
    this.deps.emit(full);
  }
}
