/**
 * The signature scheme behind the wire, as two small interfaces so any scheme can be plugged in
 * (the reference module ships Ed25519 on Node's built-in crypto). Keys and signatures travel as
 * lowercase hex strings.
 */

/** Signs with one private key. */
export interface Signer {
  /** The matching public key, as the verifier expects it (Ed25519: 64 hex characters). */
  readonly publicKey: string;
  /** Signature over `bytes`, lowercase hex. */
  sign(bytes: Uint8Array): string;
}

/** Checks signatures. Must never throw: a malformed key or signature is simply `false`. */
export interface Verifier {
  verify(publicKey: string, bytes: Uint8Array, signature: string): boolean;
}
