/**
 * A crash between signing and sending never makes a validator sign twice. The victim's transport
 * drops the first proposal, vote or timeout it hands over at or after a rank (it was recorded,
 * never sent) and the process "dies" at that instant; it restarts from its store alone. Every
 * message it ever sent, in both lives, is checked: one signed message per kind per rank, and the
 * one at the crash rank is the one recorded before the crash. The network still agrees and keeps
 * finalizing.
 */
import { map, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import {
  createMemoryValidatorStore,
  createMutationPool,
  createReferenceValidator,
  type ReferenceValidator,
} from '../../src/reference';
import { canonicalJsonOf, decodeEnvelope, type Envelope } from '../../src/wire';
import { createNetwork, type Endpoint } from '../../src/transport';
import { keyring } from '../reference/support';

type Kind = 'proposal' | 'vote' | 'timeout';

function run(kind: Kind, atRank: number) {
  const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
  const network = createNetwork<Uint8Array>({
    scheduler,
    seed: atRank,
    clone: 'none',
    link: { latency: { min: 1, max: 10 } },
  });
  const ring = keyring(4);
  const victim = 'v1';
  // v2 never runs: the ranks it leads end by timeout certificates, so every kind gets signed.
  const live = ['v0', 'v1', 'v3'];
  const stores = new Map(live.map((id) => [id, createMemoryValidatorStore()]));
  const pools = new Map(live.map((id) => [id, createMutationPool([`tx-${id}`])]));
  const sent: Envelope[] = [];
  const validators = new Map<string, ReferenceValidator>();
  const endpoints = new Map<string, Endpoint<Uint8Array>>();
  let crashedAt: number | null = null;

  function start(id: string): void {
    const endpoint = network.join(id);
    const validator = createReferenceValidator({
      self: id,
      signer: ring.signer(id),
      validators: ring.validators,
      store: stores.get(id)!,
      mutationPool: pools.get(id)!,
      scheduler,
      roundTimeout: { initial: 200 },
      resendEvery: 50,
      transport: {
        inbound$: endpoint.inbound$.pipe(map(({ message }) => ({ bytes: message }))),
        broadcast(bytes) {
          if (id === victim) {
            const envelope = decodeEnvelope(bytes);
            if (envelope._tag === 'Right') {
              const e = envelope.right;
              if (crashedAt === null && e.kind === kind && e.rank >= atRank) {
                // Recorded in the store, handed to the transport, and the process dies now.
                crashedAt = e.rank;
                scheduler.schedule(() => crash(id), 0);
                return;
              }
              sent.push(e);
            }
          }
          endpoint.broadcast(bytes);
        },
        send(to, bytes) {
          endpoint.send(to, bytes);
        },
      },
    });
    validators.set(id, validator);
    endpoints.set(id, endpoint);
    validator.start();
  }

  function crash(id: string): void {
    const validator = validators.get(id)!;
    validator.close();
    endpoints.get(id)!.leave();
    validators.delete(id);
    // New work arrives while it is down: a leader that signed anew would propose another frame.
    pools.get(id)!.add(`tx-after-crash-${id}`);
    scheduler.schedule(() => start(id), 300);
  }

  for (const id of live) start(id);
  const finalizedRank = (id: string) => stores.get(id)!.lastFinalized()?.frame.rank ?? 0;
  for (let t = 0; t < 60_000 && live.some((id) => finalizedRank(id) < 24); t += 50) {
    scheduler.maxFrames = t;
    scheduler.flush();
  }
  for (const v of validators.values()) v.close();
  network.close();
  return { crashedAt, sent, stores, finalizedRank };
}

/** The body of each message the victim sent, per kind and rank: more than one is a double sign. */
function signedPerSlot(sent: readonly Envelope[]): Map<string, Set<string>> {
  const slots = new Map<string, Set<string>>();
  for (const e of sent) {
    if (e.kind !== 'proposal' && e.kind !== 'vote' && e.kind !== 'timeout') continue;
    const signed = e.kind === 'timeout' ? (e.body['timeout'] as object) : e.body;
    const key = `${e.kind}@${e.rank}`;
    const set = slots.get(key) ?? new Set<string>();
    set.add(canonicalJsonOf(signed));
    slots.set(key, set);
  }
  return slots;
}

describe('a validator that dies between recording and sending a signed message', () => {
  it.each<[Kind, number]>([
    ['vote', 3],
    ['vote', 9],
    ['proposal', 5],
    ['proposal', 13],
    ['timeout', 2],
    ['timeout', 10],
  ])(
    'dies on its first %s at rank ≥ %i: it never signs another one there, and the chain goes on',
    (kind, atRank) => {
      const { crashedAt, sent, stores, finalizedRank } = run(kind, atRank);
      expect(crashedAt).not.toBeNull();
      for (const [slot, bodies] of signedPerSlot(sent)) expect([slot, bodies.size]).toEqual([slot, 1]);
      // Whatever it sent of that kind at that rank after the restart is the message it recorded
      // before the crash, never a new one (the rank may also have ended without it).
      const recorded = stores.get('v1')!.signedAt(crashedAt!)!;
      const expected =
        kind === 'proposal' ? recorded.proposal : kind === 'vote' ? recorded.vote : recorded.timeout;
      expect(expected).toBeDefined();
      for (const e of sent.filter((x) => x.kind === kind && x.rank === crashedAt)) {
        const body =
          kind === 'proposal' ? e.body['proposal'] : kind === 'vote' ? e.body['vote'] : e.body['timeout'];
        expect(canonicalJsonOf(body)).toBe(canonicalJsonOf(expected));
      }
      // Every validator finalized the same chain.
      for (const id of ['v0', 'v1', 'v3']) expect(finalizedRank(id)).toBeGreaterThanOrEqual(24);
      const chain = (id: string) =>
        stores
          .get(id)!
          .dump()
          .finalized.map((e) => e.frame.id)
          .slice(0, 20);
      expect(chain('v1')).toEqual(chain('v0'));
      expect(chain('v3')).toEqual(chain('v0'));
    },
  );
});
