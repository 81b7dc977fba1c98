/**
 * The SOPS age key the GitOps engine decrypts with. Either generated (32 bytes from @pulumi/random RandomBytes, a
 * secret) or provided by the caller as an identity (`AGE-SECRET-KEY-1...`). The X25519 public key (the `age1...`
 * recipient) is derived with node:crypto; both are bech32 (BIP-173) encoded with @scure/base, as age's own
 * `age-keygen` does (age v1 format: the identity is the uppercased bech32 of the 32-byte scalar under HRP
 * `age-secret-key-`, the recipient the bech32 of the public key under HRP `age`). The private key is only ever a
 * secret Output, and no message here repeats it.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { bech32 } from "@scure/base";

/** The bech32 human-readable part of an age identity (printed uppercase). */
export const AGE_IDENTITY_HRP = "age-secret-key-";
/** The bech32 human-readable part of an age recipient. */
export const AGE_RECIPIENT_HRP = "age";
const X25519_KEY_BYTES = 32;

// PKCS#8 DER prefix of an X25519 private key (RFC 8410): SEQUENCE { 0, AlgorithmIdentifier 1.3.101.110, OCTET STRING { OCTET STRING(32) } }.
const X25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");

/** The X25519 public key of a 32-byte private scalar. */
export function x25519PublicKey(privateKey: Buffer): Buffer {
  if (privateKey.length !== X25519_KEY_BYTES) throw new Error(`an X25519 private key is 32 bytes, got ${privateKey.length}`);
  const key = createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, privateKey]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(key).export({ format: "der", type: "spki" });
  return Buffer.from(spki.subarray(spki.length - X25519_KEY_BYTES));
}

export interface AgeKeyPair {
  /** `AGE-SECRET-KEY-1...`: secret. */
  readonly identity: string;
  /** `age1...`: the recipient, public. */
  readonly recipient: string;
}

/** age key pair from 32 private bytes. Pure. */
export function ageKeyFromBytes(privateKey: Buffer): AgeKeyPair {
  const identity = bech32.encode(AGE_IDENTITY_HRP, bech32.toWords(privateKey), false).toUpperCase();
  const recipient = bech32.encode(AGE_RECIPIENT_HRP, bech32.toWords(x25519PublicKey(privateKey)), false);
  return { identity, recipient };
}

/** The 32 private bytes of an identity file's first key line, or what is wrong with it (never quoting it). */
function decodeIdentity(text: string): { readonly bytes: Buffer } | { readonly problem: string } {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== "" && !l.startsWith("#"));
  if (!line) return { problem: "holds no AGE-SECRET-KEY-1... line; must be an age identity as age-keygen writes it" };
  let decoded: { prefix: string; words: number[] };
  try {
    decoded = bech32.decode(line as `${string}1${string}`, false);
  } catch {
    // @scure/base's messages quote the input: say what is wrong without it.
    return { problem: "is not valid bech32 (a bad checksum or character); must be an age identity (AGE-SECRET-KEY-1...)" };
  }
  if (decoded.prefix !== AGE_IDENTITY_HRP) return { problem: "is not an age identity; must start AGE-SECRET-KEY-1 (an age1... recipient is the public half)" };
  const bytes = bech32.fromWordsUnsafe(decoded.words);
  if (!bytes || bytes.length !== X25519_KEY_BYTES) return { problem: "does not hold a 32-byte X25519 key; must be an age identity (AGE-SECRET-KEY-1...)" };
  return { bytes: Buffer.from(bytes) };
}

/** What is wrong with an identity text, as the `accepted` part of a problem; undefined when it parses. Pure. */
export function ageIdentityProblem(text: string): string | undefined {
  if (typeof text !== "string") return "must be an age identity (AGE-SECRET-KEY-1...)";
  const decoded = decodeIdentity(text);
  return "problem" in decoded ? decoded.problem : undefined;
}

/** Parses an `AGE-SECRET-KEY-1...` identity (one key line, comments allowed) into its key pair. Pure. */
export function parseAgeIdentity(text: string): AgeKeyPair {
  const decoded = decodeIdentity(text);
  if ("problem" in decoded) throw new Error(`the age identity ${decoded.problem}`);
  return ageKeyFromBytes(decoded.bytes);
}

/** The content of the `age.agekey` Secret key: the identity file age-keygen writes, without its timestamp. */
export function renderAgeKeyFile(pair: AgeKeyPair): string {
  return `# public key: ${pair.recipient}\n${pair.identity}\n`;
}
