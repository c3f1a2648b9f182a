/**
 * The direct protocol: one message per stream, the bytes and then the end of the stream, at most
 * `maxBytes` (a longer stream is reset). Catch-up answers travel this way instead of gossip.
 */
import type { Stream } from '@libp2p/interface';

export const directProtocol = (network: string): string => `/rx-consensus/${network}/direct/1.0.0`;

/** The whole message, or undefined when the stream was longer than `maxBytes` (it is then reset). */
export async function readMessage(stream: Stream, maxBytes: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream.source) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      stream.abort(new Error(`message longer than ${maxBytes} bytes`));
      return undefined;
    }
    chunks.push(chunk.subarray());
  }
  // The sender closed its side; closing ours frees the stream (they count against a per-connection limit).
  await stream.close().catch(() => undefined);
  return Buffer.concat(chunks, size);
}

export async function writeMessage(stream: Stream, bytes: Uint8Array): Promise<void> {
  await stream.sink([bytes]);
}
