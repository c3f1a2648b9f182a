/**
 * The client side of a validator's HTTP interface (`http-api.ts`): `submit`, `follow` and
 * `status`. A node is named by `--node URL` or by its `--home DIR` (whose config file holds its
 * HTTP port).
 */
import { join } from 'node:path';
import { CONFIG_FILE, NODE_DEFAULTS, readConfigFile } from './home';
import type { FinalizedLine, NodeStatus } from './http-api';

/** The client interface's URL of the node at `home`. */
export function nodeUrlOf(home: string): string {
  const config = readConfigFile(join(home, CONFIG_FILE));
  if (config.httpPort === undefined)
    throw new Error(`${join(home, CONFIG_FILE)}: no httpPort, so the node serves no client interface`);
  const host = config.httpHost ?? NODE_DEFAULTS.httpHost;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${config.httpPort}`;
}

const request = async (url: string, init?: RequestInit): Promise<Response> => {
  try {
    return await fetch(url, init);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new Error(`cannot reach ${url}${cause === undefined ? '' : ` (${cause})`}: is the node running?`);
  }
};

export interface SubmitAnswer {
  readonly accepted: boolean;
  readonly reason?: string;
  readonly pending?: number;
  readonly status: number;
}

export async function submitMutation(node: string, mutation: string): Promise<SubmitAnswer> {
  const res = await request(`${node}/mutations`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: mutation,
  });
  const body = (await res.json()) as Omit<SubmitAnswer, 'status'>;
  return { ...body, status: res.status };
}

export async function nodeStatus(node: string): Promise<NodeStatus> {
  const res = await request(`${node}/status`);
  if (!res.ok) throw new Error(`${node}/status: HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as NodeStatus;
}

export interface FollowOptions {
  readonly from: number;
  /** Stop after the frame at this rank or later. */
  readonly until?: number;
  /** Stop after the first frame holding this mutation. */
  readonly mutation?: string;
  readonly signal?: AbortSignal;
}

/**
 * Each finalized frame from `from` on, in rank order, until `until`, `mutation` or `signal` ends
 * it. Resolves with the last frame read (undefined when the stream ended before any).
 */
export async function followFinalized(
  node: string,
  options: FollowOptions,
  onFrame: (frame: FinalizedLine) => void,
): Promise<FinalizedLine | undefined> {
  const url = `${node}/finalized?from=${options.from}`;
  const res = await request(url, options.signal === undefined ? {} : { signal: options.signal });
  if (!res.ok || res.body === null) throw new Error(`${url}: HTTP ${res.status}: ${await res.text()}`);
  const decoder = new TextDecoder();
  let buffered = '';
  let last: FinalizedLine | undefined;
  const done = (frame: FinalizedLine): boolean =>
    (options.until !== undefined && frame.rank >= options.until) ||
    (options.mutation !== undefined && frame.mutations.includes(options.mutation));
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return last;
      buffered += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.trim() === '') continue;
        last = JSON.parse(line) as FinalizedLine;
        onFrame(last);
        if (done(last)) return last;
      }
    }
  } catch (err) {
    if (options.signal?.aborted === true) return last;
    throw err;
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}
