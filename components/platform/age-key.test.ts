import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bech32 } from "@scure/base";
import { AGE_KEYGEN_VECTOR } from "../../tests/fixtures/age-test-vector";
import { requireTool } from "../testing/tools";
import { ageIdentityProblem, ageKeyFromBytes, parseAgeIdentity, renderAgeKeyFile, x25519PublicKey } from "./age-key";


/** Whether a tool runs here; tests that need it say how to install it when it does not. */
const has = (tool: string) => spawnSync(tool, ["--version"], { encoding: "utf8" }).error === undefined;

describe("age key", () => {
  it("bech32 (@scure/base, which the age key uses) matches the BIP-173 vectors", () => {
    assert.equal(bech32.encode("a", []), "a12uel5l");
    const words = Array.from({ length: 32 }, (_, i) => i);
    assert.equal(bech32.encode("abcdef", words), "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw");
    assert.deepEqual(bech32.decode("A12UEL5L"), { prefix: "a", words: [] });
    assert.throws(() => bech32.decode("a12uel5m"), /checksum/);
  });

  it("derives the X25519 public key node:crypto computes", () => {
    const { privateKey, publicKey } = generateKeyPairSync("x25519");
    const priv = privateKey.export({ format: "der", type: "pkcs8" }).subarray(-32);
    const pub = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
    assert.deepEqual(x25519PublicKey(Buffer.from(priv)), Buffer.from(pub));
    assert.throws(() => x25519PublicKey(Buffer.alloc(31)), /32 bytes, got 31/);
  });

  it("formats age identities and recipients and round-trips a provided key", () => {
    const pair = ageKeyFromBytes(Buffer.alloc(32, 7));
    assert.match(pair.identity, /^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$/);
    assert.match(pair.recipient, /^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/);
    assert.deepEqual(parseAgeIdentity(`# created: now\n${pair.identity}\n`), pair);
    assert.throws(() => parseAgeIdentity("age1notakey"), /checksum|identity|character/);
  });

  it("derives the recipient age-keygen prints for the same identity (test-only vector)", () => {
    assert.deepEqual(parseAgeIdentity(AGE_KEYGEN_VECTOR.identity), AGE_KEYGEN_VECTOR);
    // The identity file as age-keygen writes it, comments and all.
    const file = `# created: 2026-11-22T18:59:21Z\n# public key: ${AGE_KEYGEN_VECTOR.recipient}\n${AGE_KEYGEN_VECTOR.identity}\n`;
    assert.deepEqual(parseAgeIdentity(file), AGE_KEYGEN_VECTOR);
    // The same 32 bytes, encoded again, give the same text.
    const bytes = Buffer.from(bech32.fromWords(bech32.decode(AGE_KEYGEN_VECTOR.identity as `${string}1${string}`).words));
    assert.deepEqual(ageKeyFromBytes(bytes), AGE_KEYGEN_VECTOR);
  });

  it("accepts a lowercase identity and says what is wrong with a bad one without quoting it", () => {
    assert.equal(parseAgeIdentity(AGE_KEYGEN_VECTOR.identity.toLowerCase()).recipient, AGE_KEYGEN_VECTOR.recipient);
    assert.equal(ageIdentityProblem(AGE_KEYGEN_VECTOR.identity), undefined);
    const broken = AGE_KEYGEN_VECTOR.identity.slice(0, -1) + "8";
    assert.match(ageIdentityProblem(broken)!, /not valid bech32/);
    assert.match(ageIdentityProblem("")!, /holds no AGE-SECRET-KEY-1/);
    assert.match(ageIdentityProblem("# only a comment\n")!, /holds no AGE-SECRET-KEY-1/);
    assert.match(ageIdentityProblem(AGE_KEYGEN_VECTOR.recipient)!, /not an age identity; must start AGE-SECRET-KEY-1/);
    // 31 bytes under the right prefix.
    const short = bech32.encode("age-secret-key-", bech32.toWords(Buffer.alloc(31, 1)), false).toUpperCase();
    assert.match(ageIdentityProblem(short)!, /32-byte X25519 key/);
    for (const bad of [broken, AGE_KEYGEN_VECTOR.recipient, short]) {
      assert.throws(() => parseAgeIdentity(bad), (e: Error) => !e.message.includes(bad.slice(16, 40)));
    }
  });

  it("renders the key file age-keygen writes, without its timestamp", () => {
    assert.equal(renderAgeKeyFile(AGE_KEYGEN_VECTOR), `# public key: ${AGE_KEYGEN_VECTOR.recipient}\n${AGE_KEYGEN_VECTOR.identity}\n`);
  });

  it("age itself decrypts, with the rendered key file, what it encrypted to the derived recipient", function () {
    requireTool(this, "age");
    const pair = ageKeyFromBytes(Buffer.alloc(32, 42));
    const dir = mkdtempSync(join(tmpdir(), "age-key-"));
    writeFileSync(join(dir, "key.txt"), renderAgeKeyFile(pair), { mode: 0o600 });
    const sealed = execFileSync("age", ["-r", pair.recipient], { input: "hello" });
    assert.equal(execFileSync("age", ["-d", "-i", join(dir, "key.txt")], { input: sealed, encoding: "utf8" }), "hello");
    if (has("age-keygen")) assert.equal(execFileSync("age-keygen", ["-y", join(dir, "key.txt")], { encoding: "utf8" }).trim(), pair.recipient);
  });
});
