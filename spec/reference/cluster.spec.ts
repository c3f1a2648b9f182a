import {
  ed25519Verifier,
  genesisFrame,
  referenceDomain,
  referenceMessageCheck,
  verificationFor,
} from '../../src/reference';
/**
 * Reference nodes running the real engine over the in-memory network in virtual time: they make
 * progress, agree on every frame, and with f Byzantine validators out of 3f + 1 never finalize two
 * different frames at one rank, and keep finalizing: a rank an equivocating or silent leader
 * spoils ends by a timeout certificate.
 */
import { verifyEquivocation } from '../../src/inbound';
import { runCluster, type ClusterRun } from './cluster';

/** rank → the distinct frame ids finalized at it across honest nodes. */
function finalizedIds(run: ClusterRun): Map<number, Set<string>> {
  const byRank = new Map<number, Set<string>>();
  for (const node of run.honest) {
    for (const [rank, frame] of node.finalized) {
      const ids = byRank.get(rank) ?? new Set<string>();
      ids.add(frame.id);
      byRank.set(rank, ids);
    }
  }
  return byRank;
}

const highestRank = (run: ClusterRun): number =>
  Math.min(...run.honest.map((n) => Math.max(...n.finalized.keys())));

function expectSafe(run: ClusterRun): void {
  for (const [rank, ids] of finalizedIds(run)) {
    if (ids.size > 1) throw new Error(`two frames finalized at rank ${rank}: ${[...ids].join(', ')}`);
  }
}

describe('a reference cluster', () => {
  it('4 honest nodes finalize the same frames, rank after rank, with every mutation included once', () => {
    const run = runCluster({ n: 4, runFor: 2_000 });
    expectSafe(run);
    expect(highestRank(run)).toBeGreaterThan(5);
    const chain = [...run.honest[0]!.finalized.values()].sort((a, b) => a.rank - b.rank);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.parent).toBe(chain[i - 1]!.id);
    const included = chain.flatMap((f) => f.mutations);
    expect(new Set(included).size).toBe(included.length);
    expect([...included].sort()).toEqual(['tx-from-v0', 'tx-from-v1', 'tx-from-v2', 'tx-from-v3']);
    // Late messages for ranks already finalized are refused as stale; nothing else is refused.
    for (const node of run.honest) {
      const { rejected, byReason } = node.counts();
      expect(rejected).toBe(byReason.stale);
      expect(node.errors).toEqual([]);
    }
  });

  it('3f + 1 nodes progress with f silent validators', () => {
    const run = runCluster({
      n: 7,
      runFor: 3_000,
      behaviour: (_, i) => (i === 2 || i === 5 ? 'silent' : 'honest'),
    });
    expectSafe(run);
    expect(highestRank(run)).toBeGreaterThan(3);
  });

  it.each([
    [4, 1],
    [7, 2],
  ])(
    'n = %i with f = %i Byzantine validators never finalize two frames at one rank, across seeds',
    (n, f) => {
      let progressed = 0;
      let proven = 0;
      for (let seed = 1; seed <= 6; seed++) {
        const silent = seed % 3 === 0;
        const run = runCluster({
          n,
          seed,
          // Two silent leaders in a row cost a timeout each (the second one backed off).
          runFor: 4_000,
          latency: { min: 1, max: 40 },
          reorder: 10,
          duplicate: 0.05,
          behaviour: (_, i) => (i < n - f ? 'honest' : silent ? 'silent' : 'equivocating'),
        });
        expectSafe(run);
        // f silent or equivocating validators cannot stop the others.
        expect(highestRank(run)).toBeGreaterThan(5);
        progressed++;
        for (const node of run.honest) {
          expect(node.errors).toEqual([]);
          for (const r of node.evidence) {
            if (r.reason !== 'equivocation' || r.first === null) continue;
            const ctx = {
              domain: referenceDomain,
              validators: run.ring.validators,
              verifier: ed25519Verifier,
              check: referenceMessageCheck(
                verificationFor(run.ring.validators, ed25519Verifier, genesisFrame()),
              ),
            };
            expect(verifyEquivocation(r, ctx)._tag).toBe('Right');
            expect(run.byzantine).toContain(r.voter);
            proven++;
          }
        }
      }
      expect(progressed).toBe(6);
      expect(proven).toBeGreaterThan(0);
    },
  );
});
