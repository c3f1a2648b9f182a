/** UTF-8 between text and bytes. Decoding is strict: invalid UTF-8 is a `Left`, not U+FFFD. */
import { left, right, type Either } from 'fp-ts/Either';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export const encodeUtf8 = (text: string): Uint8Array => encoder.encode(text);

export function decodeUtf8(bytes: Uint8Array): Either<string, string> {
  try {
    return right(strictDecoder.decode(bytes));
  } catch {
    return left('not valid UTF-8');
  }
}
