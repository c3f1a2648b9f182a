/**
 * A client of running validators: submit one mutation to the first, then wait until every one of
 * them has finalized a frame holding it. Nothing here comes from this package: it is the HTTP
 * interface each validator serves (`POST /mutations`, `GET /finalized?from=RANK`, NDJSON), so
 * the same steps work from any language.
 *
 *     rx-consensus testnet-init --dir net --nodes 4     # or `init` on each machine
 *     rx-consensus node --key net/keys/v1.json --validators net/validators.json \
 *         --data-dir net/data/v1 --http-port 26657      # and v2…v4 on 26658…26660
 *     npx tsx examples/submit-and-wait.ts http://127.0.0.1:26657 http://127.0.0.1:26658 \
 *         http://127.0.0.1:26659 http://127.0.0.1:26660
 *
 * It prints the rank at which each validator finalized the mutation (the same rank on all: they
 * agree) and exits 1 if one of them has not within `--deadline` ms (default 60000).
 */

export interface Finalized {
  readonly node: string;
  readonly rank: number;
  readonly frame: string;
}

interface FrameLine {
  readonly rank: number;
  readonly id: string;
  readonly mutations: readonly string[];
}

/** POST the mutation; throws with the validator's reason when it is refused. */
export async function submit(node: string, mutation: string): Promise<void> {
  const res = await fetch(`${node}/mutations`, { method: 'POST', body: mutation });
  const answer = (await res.json()) as { accepted: boolean; reason?: string };
  if (!answer.accepted) throw new Error(`${node} refused the mutation: ${answer.reason ?? res.status}`);
}

/** Read `node`'s finalized frames from `fromRank` until one holds `mutation`. */
export async function finalizedWith(
  node: string,
  mutation: string,
  fromRank: number,
  signal: AbortSignal,
): Promise<Finalized> {
  const res = await fetch(`${node}/finalized?from=${fromRank}`, { signal });
  if (!res.ok || res.body === null) throw new Error(`${node}/finalized: HTTP ${res.status}`);
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    text += decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    text = lines.pop()!;
    for (const line of lines.filter((l) => l !== '')) {
      const frame = JSON.parse(line) as FrameLine;
      if (frame.mutations.includes(mutation)) {
        void res.body.cancel().catch(() => undefined);
        return { node, rank: frame.rank, frame: frame.id };
      }
    }
  }
  throw new Error(`${node}: the stream ended before the mutation was finalized`);
}

/** Submit `mutation` to `nodes[0]` and wait until every node finalized it. */
export async function submitAndWait(
  nodes: readonly string[],
  mutation: string,
  deadlineMs = 60000,
): Promise<Finalized[]> {
  // Where each node is now: the mutation cannot be in a frame finalized before it was submitted.
  const from = await Promise.all(
    nodes.map(
      async (node) =>
        ((await (await fetch(`${node}/status`)).json()) as { finalizedRank: number }).finalizedRank,
    ),
  );
  const deadline = AbortSignal.timeout(deadlineMs);
  const waiting = nodes.map((node, i) => finalizedWith(node, mutation, from[i]! + 1, deadline));
  await submit(nodes[0]!, mutation);
  return Promise.all(waiting);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--deadline');
  const deadline = at >= 0 ? Number(args.splice(at, 2)[1]) : 60000;
  const nodes = args.length > 0 ? args : [26657, 26658, 26659, 26660].map((p) => `http://127.0.0.1:${p}`);
  const mutation = `hello from ${process.pid} at ${new Date().toISOString()}`;
  submitAndWait(nodes, mutation, deadline).then(
    (all) => {
      for (const f of all)
        console.log(`${f.node} finalized it at rank ${f.rank} (frame ${f.frame.slice(0, 12)}…)`);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
