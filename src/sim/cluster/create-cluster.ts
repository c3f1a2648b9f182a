/**
 * `createCluster`: n reference validators on the in-memory network, each node's messages sealed
 * in signed envelopes and every inbound byte checked by its guarded path, in virtual time (default)
 * or real time; some nodes Byzantine (a strategy per id) or twinned; nodes can crash and restart
 * from their durable store. Same options and seed ⇒ the same run, event for event.
 *
 *   const cluster = createCluster({ validators: 4, byzantine: { v3: mixedByzantine() } });
 *   cluster.start();
 *   cluster.runUntil(100, 60_000);          // every live honest node at rank 100, or 60 s passed
 *   cluster.safety();                        // [] while honest nodes agree and none signed twice
 *   cluster.close();
 */
import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import { cachingVerifier } from '../../reference/caching-verifier';
import { ed25519Verifier } from '../../reference/ed25519';
import { genesisFrame } from '../../reference/frame';
import type { Frame, PeerId } from '../../reference/types';
import type { ValidatorSet } from '../../reference/validator-set';
import { wholeMsLink, type LinkOptions } from '../../transport/link';
import { createNetwork } from '../../transport/network';
import type { Network } from '../../transport/network-types';
import { createRng } from '../../transport/rng';
import { checkSafety, type SafetyViolation } from '../check/safety';
import { createClock, type TimeMode } from './clock';
import { ClusterNodeRuntime, type ClusterNode } from './cluster-node';
import { createDurableStore } from './durable-store';
import type { ClusterEvent } from './events';
import { createKeyring, validatorIds } from './keyring';
import { DEFAULT_LINK, nodeSettings, type ClusterOptions } from './options';
import { LinkBook } from './link-book';

/** A rank every live honest node must reach, or any condition on the cluster. */
export type RunTarget = number | ((cluster: Cluster) => boolean);

export interface Cluster {
  readonly time: TimeMode;
  readonly scheduler: SchedulerLike;
  /**
   * The network (partition, heal, isolate, stats). Change links with `setLink`/`setDefaultLink`
   * below, which keep delays in whole milliseconds (see `wholeMsLink`).
   */
  readonly network: Network<Uint8Array>;
  readonly validators: ValidatorSet;
  readonly genesis: Frame;
  /** Every node: validators in order, then twins' second copies. */
  readonly nodes: readonly ClusterNode[];
  /** Everything nodes do, as it happens (subscribe before `start` to see it all). */
  readonly events$: Observable<ClusterEvent>;
  /** Overrides the link `from → to` (network keys), on top of earlier overrides. */
  setLink(from: string, to: string, link: Partial<LinkOptions>): void;
  /** Changes every link's defaults, keeping overrides on top. */
  setDefaultLink(link: Partial<LinkOptions>): void;
  /** The node with this key (a validator id, or `<id>~twin`). */
  node(key: string): ClusterNode;
  /** Nodes that follow the protocol (honest and slow), up or down. */
  honestNodes(): readonly ClusterNode[];
  faultyNodes(): readonly ClusterNode[];
  now(): number;
  /** Starts every node. */
  start(): void;
  /** Virtual time only: run the next `ms` milliseconds. */
  runFor(ms: number): void;
  /** Virtual time only: run until `target` holds; false if `maxTime` ms passed first. */
  runUntil(target: RunTarget, maxTime: number): boolean;
  /** Either time: resolves when `target` holds (true) or `maxTime` ms passed (false). */
  waitUntil(target: RunTarget, maxTime: number): Promise<boolean>;
  /** The lowest highest rank among live honest nodes with a machine (−1 if none). */
  progress(): number;
  crash(key: string): void;
  restart(key: string): void;
  /** Adds a mutation to a node's pool; false if it is already pending. */
  submit(key: string, mutation: string): boolean;
  /**
   * Safety so far (see `checkSafety`): honest nodes that made different frames active at one
   * rank, and honest nodes that signed two different votes at one rank. Empty while safe.
   */
  safety(): SafetyViolation[];
  /** Asks every running machine to stop (graceful: it passes through `stopping`). */
  stop(): void;
  /** Ends everything at once: machines, strategies, the network. Idempotent. */
  close(): void;
}

export const TWIN_SUFFIX = '~twin';

export function createCluster(options: ClusterOptions): Cluster {
  const ids =
    typeof options.validators === 'number' ? validatorIds(options.validators) : [...options.validators];
  const keyring = createKeyring(ids, options.weights);
  const seed = options.seed ?? 0;
  const clock = createClock(options.time ?? 'virtual');
  const settings = nodeSettings(options);
  const initialLink = { ...DEFAULT_LINK, ...options.link };
  const network = createNetwork<Uint8Array>({
    scheduler: clock.scheduler,
    seed,
    clone: 'none',
    link: wholeMsLink(initialLink),
  });
  const links = new LinkBook(network, initialLink);
  for (const { from, to, link } of options.links ?? []) links.setLink(from, to, link);
  const genesis = genesisFrame();
  const verifier =
    options.sharedVerifier === false
      ? ed25519Verifier
      : cachingVerifier(ed25519Verifier, 64 * ids.length ** 2 + 4096);
  const events = new Subject<ClusterEvent>();
  const rng = createRng(seed);
  const byzantine = options.byzantine ?? {};
  const twins = new Set(options.twins ?? []);
  for (const id of [...Object.keys(byzantine), ...twins]) {
    if (!keyring.validators.has(id)) throw new RangeError(`${id} is not a validator of this cluster`);
  }
  const faulty = new Set([...Object.keys(byzantine).filter((id) => byzantine[id]!.faulty), ...twins]);
  const tolerated = keyring.validators.maxFaultyMembers;
  if (faulty.size > tolerated && options.beyondFaultModel !== true) {
    throw new RangeError(
      `${faulty.size} faulty validators of ${ids.length}: the protocol tolerates at most ${tolerated} ` +
        '(pass beyondFaultModel: true to run it anyway, with no guarantee)',
    );
  }

  const mutations = options.mutations ?? 1;
  const mutationsOf = (key: string): readonly string[] =>
    typeof mutations === 'number'
      ? Array.from({ length: mutations }, (_, i) => `tx-${key}-${i}`)
      : mutations(key);
  const runtime = (id: PeerId, key: string): ClusterNodeRuntime => {
    const strategy = twins.has(id) ? null : (byzantine[id] ?? null);
    return new ClusterNodeRuntime({
      key,
      id,
      behaviour: twins.has(id) ? 'twin' : (strategy?.name ?? 'honest'),
      faulty: twins.has(id) || (strategy?.faulty ?? false),
      strategy,
      signer: keyring.signer(id),
      validators: keyring.validators,
      verifier,
      genesis,
      clock,
      network,
      settings,
      store: createDurableStore(mutationsOf(key)),
      rng: rng.fork(`node ${key}`),
      emit: (event) => events.next(event),
    });
  };
  const nodes = [
    ...ids.map((id) => runtime(id, id)),
    ...ids.filter((id) => twins.has(id)).map((id) => runtime(id, `${id}${TWIN_SUFFIX}`)),
  ];
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  let closed = false;

  const node = (key: string): ClusterNodeRuntime => {
    const found = byKey.get(key);
    if (found === undefined) throw new RangeError(`no node ${JSON.stringify(key)} in this cluster`);
    return found;
  };
  const honestNodes = (): ClusterNodeRuntime[] => nodes.filter((n) => !n.faulty);
  const progress = (): number => {
    const live = honestNodes().filter((n) => n.up && n.machine !== null);
    return live.length === 0 ? -1 : Math.min(...live.map((n) => n.log.highestRank));
  };
  const done = (target: RunTarget): (() => boolean) =>
    typeof target === 'number' ? () => progress() >= target : () => target(cluster);

  const cluster: Cluster = {
    time: clock.mode,
    scheduler: clock.scheduler,
    network,
    validators: keyring.validators,
    genesis,
    nodes,
    events$: events.asObservable(),
    setLink: (from, to, link) => links.setLink(from, to, link),
    setDefaultLink: (link) => links.setDefault(link),
    node,
    honestNodes,
    faultyNodes: () => nodes.filter((n) => n.faulty),
    now: () => clock.now(),
    start() {
      if (closed) throw new Error('the cluster is closed');
      for (const n of nodes) if (!n.up) n.start();
    },
    runFor: (ms) => clock.advance(ms),
    runUntil: (target, maxTime) => clock.advanceUntil(done(target), maxTime),
    waitUntil: (target, maxTime) => clock.waitUntil(done(target), maxTime),
    progress,
    crash: (key) => node(key).crash(),
    restart: (key) => node(key).restart(),
    submit: (key, mutation) => node(key).store.pool.add(mutation),
    safety: () =>
      checkSafety({
        nodes: nodes.map((n) => ({
          id: n.key,
          role: n.faulty ? 'byzantine' : 'honest',
          validator: n.id,
          finalizations: n.log.finalizations,
          votes: n.log.votes,
          receivedTwice: n.log.receivedTwice,
        })),
        evidence: [],
      }),
    stop() {
      for (const n of nodes) n.machine?.stop();
    },
    close() {
      if (closed) return;
      closed = true;
      for (const n of nodes) n.end();
      network.close();
      events.complete();
    },
  };
  return cluster;
}
