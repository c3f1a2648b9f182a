/** SHA-256 of text or bytes, as lowercase hex: the content hashes of frames and collections. */
import { createHash } from 'node:crypto';

export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');
