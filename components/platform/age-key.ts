/**
 * The SOPS age key the GitOps engine decrypts with. Either generated (32 bytes from @pulumi/random RandomBytes, a
 * secret) or taken from the secret config value `k3s-gitops:ageKey` (`AGE-SECRET-KEY-1...`). The X25519 public key
 * (the `age1...` recipient) is derived with node:crypto and encoded with the bech32 encoder below. The private key is
 * only ever a secret Output.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";

const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATORS[i]!;
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const codes = [...hrp].map((c) => c.charCodeAt(0));
  return [...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31)];
}

/** Regroups bits (8 -> 5 with padding, 5 -> 8 without). */
export function convertBits(data: readonly number[], from: number, to: number, pad: boolean): number[] {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const max = (1 << to) - 1;
  for (const value of data) {
    acc = (acc << from) | value;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & max);
    }
  }
  if (pad && bits > 0) out.push((acc << (to - bits)) & max);
  else if (!pad && (bits >= from || ((acc << (to - bits)) & max) !== 0)) throw new Error("invalid bech32 padding");
  return out;
}

/** BIP-173 bech32 of 5-bit words, lowercase. No length limit (age keys exceed 90 characters' rule never; kept general). */
export function bech32Encode(hrp: string, words: readonly number[]): string {
  const lower = hrp.toLowerCase();
  const mod = polymod([...hrpExpand(lower), ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
  return `${lower}1${[...words, ...checksum].map((w) => CHARSET[w]).join("")}`;
}

/** Decodes bech32 (either case, not mixed); throws on a bad checksum. */
export function bech32Decode(text: string): { hrp: string; words: number[] } {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) throw new Error("bech32 string mixes cases");
  const lower = text.toLowerCase();
  const sep = lower.lastIndexOf("1");
  if (sep < 1 || sep + 7 > lower.length) throw new Error("bech32 separator missing");
  const hrp = lower.slice(0, sep);
  const data = [...lower.slice(sep + 1)].map((c) => {
    const v = CHARSET.indexOf(c);
    if (v < 0) throw new Error(`invalid bech32 character ${c}`);
    return v;
  });
  if (polymod([...hrpExpand(hrp), ...data]) !== 1) throw new Error("bech32 checksum mismatch");
  return { hrp, words: data.slice(0, -6) };
}

// PKCS#8 DER prefix of an X25519 private key (RFC 8410): SEQUENCE { 0, AlgorithmIdentifier 1.3.101.110, OCTET STRING { OCTET STRING(32) } }.
const X25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");

/** The X25519 public key of a 32-byte private scalar. */
export function x25519PublicKey(privateKey: Buffer): Buffer {
  if (privateKey.length !== 32) throw new Error(`an X25519 private key is 32 bytes, got ${privateKey.length}`);
  const key = createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, privateKey]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(key).export({ format: "der", type: "spki" });
  return Buffer.from(spki.subarray(spki.length - 32));
}

export interface AgeKeyPair {
  /** `AGE-SECRET-KEY-1...`: secret. */
  readonly identity: string;
  /** `age1...`: the recipient, public. */
  readonly recipient: string;
}

/** age key pair from 32 private bytes. Pure. */
export function ageKeyFromBytes(privateKey: Buffer): AgeKeyPair {
  const identity = bech32Encode("age-secret-key-", convertBits([...privateKey], 8, 5, true)).toUpperCase();
  const recipient = bech32Encode("age", convertBits([...x25519PublicKey(privateKey)], 8, 5, true));
  return { identity, recipient };
}

/** Parses an `AGE-SECRET-KEY-1...` identity (one line, comments allowed) into its key pair. Pure. */
export function parseAgeIdentity(text: string): AgeKeyPair {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== "" && !l.startsWith("#"));
  if (!line) throw new Error("k3s-gitops:ageKey holds no AGE-SECRET-KEY-1... line");
  const { hrp, words } = bech32Decode(line);
  if (hrp !== "age-secret-key-") throw new Error("k3s-gitops:ageKey is not an age identity (AGE-SECRET-KEY-1...)");
  return ageKeyFromBytes(Buffer.from(convertBits(words, 5, 8, false)));
}

/** The content of the `age.agekey` Secret key: the identity file age-keygen writes, without its timestamp. */
export function renderAgeKeyFile(pair: AgeKeyPair): string {
  return `# public key: ${pair.recipient}\n${pair.identity}\n`;
}
