/**
 * `sendWhenDurable`: a validator transport whose sends wait for the store's group commit. A store
 * opened with `sync: 'group'` commits a signed message at once and syncs it later, once for every
 * message signed meanwhile; this wrapper holds what the validator sends while such a commit is not
 * on disk, and hands it on, in order, once `durable()` resolved. So a signed message still never
 * leaves before it is on disk, and waiting for the disk no longer stops the process: it goes on
 * reading and checking messages while the fsync runs.
 *
 *   const store = openSqliteValidatorStore(file, { sync: 'group' });
 *   createReferenceValidator({ ..., store, transport: sendWhenDurable(transport, store) });
 */
import type { PeerId } from '../reference/types';
import type { ValidatorTransport } from '../reference/validator/transport';

/** What the wrapper needs of the store: whether a commit waits for the disk, and a way to wait. */
export interface GroupCommit {
  pendingSync(): boolean;
  durable(): Promise<void>;
}

interface Held {
  readonly to: PeerId | undefined;
  readonly bytes: Uint8Array;
}

/**
 * `transport` with every send held while `store` has a signed commit not yet on disk. When the
 * disk refuses, what is held is dropped and `failed` is told (every later send is dropped too:
 * the store refuses to record anything after that, so nothing new is signed).
 */
export function sendWhenDurable(
  transport: ValidatorTransport,
  store: GroupCommit,
  failed: (err: unknown) => void = () => undefined,
): ValidatorTransport {
  const held: Held[] = [];
  let draining = false;

  const pass = ({ to, bytes }: Held): void => {
    if (to !== undefined && transport.send !== undefined) transport.send(to, bytes);
    else transport.broadcast(bytes);
  };

  /** Each batch goes once every commit made before it is on disk; what is held meanwhile is next. */
  const drain = (): void => {
    draining = true;
    const batch = held.splice(0);
    store.durable().then(
      () => {
        for (const message of batch) pass(message);
        if (held.length > 0) drain();
        else draining = false;
      },
      (err: unknown) => {
        held.length = 0;
        draining = false;
        failed(err);
      },
    );
  };

  const send = (message: Held): void => {
    if (!draining && !store.pendingSync()) return pass(message);
    held.push(message);
    if (!draining) drain();
  };

  return {
    inbound$: transport.inbound$,
    broadcast: (bytes) => send({ to: undefined, bytes }),
    send: (to, bytes) => send({ to, bytes }),
    ...(transport.refused === undefined
      ? {}
      : { refused: (link: string, reason: string) => transport.refused!(link, reason) }),
  };
}
