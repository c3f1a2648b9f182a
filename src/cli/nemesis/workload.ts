/**
 * The client workload: mutations submitted throughout the run, each to a validator drawn at
 * random, each answer (or its absence) a `submit` line of the history. A validator that is down,
 * paused or cut off answers nothing within the timeout: the mutation is then not owed a
 * finalization, though it may still get one.
 */
import type { Rng } from '../../transport/rng';
import type { HistoryWriter } from './history';
import type { Host } from './hosts';

const TIMEOUT_MS = 2000;

export interface Workload {
  stop(): void;
  /** Resolves once every submission sent has its answer recorded. */
  settled(): Promise<void>;
}

export function startWorkload(
  hosts: readonly Host[],
  rate: number,
  rng: Rng,
  history: HistoryWriter,
): Workload {
  const inFlight = new Set<Promise<void>>();
  let seq = 0;
  const submit = (): void => {
    const host = rng.pick(hosts);
    const mutation = `m${++seq}`;
    const sent = fetch(`http://${host.http.host}:${host.http.port}/mutations`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: mutation,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
      .then(
        async (res) => {
          await res.arrayBuffer().catch(() => undefined);
          return res.status;
        },
        () => null,
      )
      .then((status) => history.record({ type: 'submit', mutation, node: host.id, status }));
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
  };
  const timer = setInterval(submit, 1000 / rate);
  return {
    stop: () => clearInterval(timer),
    settled: async () => {
      await Promise.all([...inFlight]);
    },
  };
}
