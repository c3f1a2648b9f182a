/** SHA-256 of text or bytes, as lowercase hex: the content hashes of frames and collections. */
import { bytesToHex } from '@noble/hashes/utils';
import { encodeUtf8 } from '../wire/utf8';
import { cryptoBackend } from './crypto-backend';

export const sha256Hex = (data: string | Uint8Array): string =>
  bytesToHex(cryptoBackend.sha256(typeof data === 'string' ? encodeUtf8(data) : data));
