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

/** The UTF-8 size of `text` in bytes, without encoding it. */
export function utf8ByteLength(text: string): number {
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) size += 1;
    else if (code < 0x800) size += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        size += 4;
        i++;
      } else size += 3;
    } else size += 3; // the rest of the BMP, and a lone surrogate (encoded as U+FFFD)
  }
  return size;
}
