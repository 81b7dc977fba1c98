/**
 * The example SOPS manifests decrypt with the TEST-ONLY identity, their MAC verified (tests/fixtures/sops/sops.ts,
 * after getsops/sops v3.13.2); tampering is detected; .sops.yaml matches what the files say; the age layer agrees
 * with the Debian `age` binary when it is installed; and the convergence check counts a SopsSecret only where the
 * operator runs.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { requireTool } from "@k3s-gitops/components/testing";
import { age, dataKey, identityFromKeyFile, sopsDecrypt } from "./fixtures/sops/sops";

const ROOT = path.join(__dirname, "..");
const KEY_FILE = path.join(__dirname, "fixtures", "sops", "test-only-age-key.txt");
const identity = identityFromKeyFile(fs.readFileSync(KEY_FILE, "utf8"));
const FLUX = "gitops/clusters/dev/secrets/example.secret.sops.yaml";
const ARGO = "gitops/clusters/prod/secrets/example.sopssecret.sops.yaml";
/** home's placeholder cloudflared token, so its default stages (cloudflared on) converge in the plan. */
const HOME = "gitops/clusters/home/secrets/cloudflared/cloudflared-token.secret.sops.yaml";
const load = (rel: string) => parse(fs.readFileSync(path.join(ROOT, rel), "utf8")) as Record<string, unknown>;

describe("SOPS example secrets", () => {
  it("the identity is marked test-only", () => {
    assert.match(fs.readFileSync(KEY_FILE, "utf8"), /^# TEST-ONLY age identity/);
  });

  it("the Flux-format Secret decrypts, MAC verified; only stringData was encrypted", async () => {
    const doc = load(FLUX);
    assert.match(String((doc.stringData as Record<string, string>).password), /^ENC\[AES256_GCM,/);
    assert.equal((doc.metadata as { name: string }).name, "example-credentials");
    const plain = await sopsDecrypt(doc, identity);
    assert.deepEqual(plain.stringData, { username: "example", password: "not-a-real-password" });
    assert.equal(plain.sops, undefined);
    assert.equal((doc.sops as Record<string, string>).encrypted_regex, "^(data|stringData)$");
  });

  it("home's placeholder cloudflared token decrypts, MAC verified, into the Secret the cloudflared Deployment reads", async () => {
    const doc = load(HOME);
    assert.match(fs.readFileSync(path.join(ROOT, HOME), "utf8"), /PLACEHOLDER/);
    const plain = await sopsDecrypt(doc, identity);
    assert.deepEqual([plain.metadata, plain.stringData], [{ name: "cloudflared-token", namespace: "cloudflared" }, { token: "not-a-real-tunnel-token" }]);
    assert.equal((doc.sops as Record<string, string>).encrypted_regex, "^(data|stringData)$");
  });

  it("the SopsSecret for Argo CD decrypts, MAC verified; its sops block holds only fields the CRD knows", async () => {
    const doc = load(ARGO);
    const plain = await sopsDecrypt(doc, identity);
    assert.deepEqual(plain.spec, { secretTemplates: [{ name: "example-credentials", stringData: { username: "example", password: "not-a-real-password" } }] });
    // api/v1alpha3 SopsMetadata (isindir/sops-secrets-operator): kms, pgp, azure_kv, hc_vault, gcp_kms, age, mac,
    // lastmodified, version, encrypted_suffix, encrypted_regex, mac_only_encrypted.
    const allowed = ["kms", "pgp", "azure_kv", "hc_vault", "gcp_kms", "age", "mac", "lastmodified", "version", "encrypted_suffix", "encrypted_regex", "mac_only_encrypted"];
    for (const k of Object.keys(doc.sops as object)) assert.ok(allowed.includes(k), `sops.${k} is not in the SopsSecret CRD`);
    assert.equal((doc.sops as Record<string, string>).encrypted_suffix, "Templates");
  });

  it("detects tampering: a changed plaintext field fails the MAC, a changed ciphertext fails GCM", async () => {
    const doc = load(FLUX);
    const renamed = { ...doc, metadata: { ...(doc.metadata as object), name: "other" } };
    await assert.rejects(sopsDecrypt(renamed, identity), /Failed to verify data integrity/);
    const stringData = { ...(doc.stringData as Record<string, string>) };
    stringData.password = stringData.username!; // valid ciphertext, wrong path (additional data)
    await assert.rejects(sopsDecrypt({ ...doc, stringData }, identity), /unable to authenticate|Unsupported state/);
  });

  it("does not open with another identity", async () => {
    await assert.rejects(sopsDecrypt(load(FLUX), await (await age()).generateIdentity()), /no sops.age entry/);
  });

  it(".sops.yaml sends each example's path to the rule the file was written with", () => {
    const rules = (parse(fs.readFileSync(path.join(ROOT, ".sops.yaml"), "utf8")) as { creation_rules: Record<string, string>[] }).creation_rules;
    for (const rel of [FLUX, ARGO, HOME]) {
      const rule = rules.find((r) => new RegExp(r.path_regex!).test(rel));
      assert.ok(rule, rel);
      const sops = load(rel).sops as Record<string, unknown>;
      assert.equal(rule.encrypted_regex, sops.encrypted_regex);
      assert.equal(rule.encrypted_suffix, sops.encrypted_suffix);
      assert.equal(rule.age, (sops.age as { recipient: string }[])[0]!.recipient);
    }
  });

  it("the age layer agrees with the Debian age binary (skipped without it)", async function () {
    requireTool(this, "age");
    const sops = load(FLUX).sops as { age: { enc: string }[] };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sops-age-"));
    try {
      fs.writeFileSync(path.join(dir, "enc"), sops.age[0]!.enc);
      const r = spawnSync("age", ["-d", "-i", KEY_FILE, path.join(dir, "enc")]);
      assert.equal(r.status, 0, String(r.stderr));
      assert.deepEqual(r.stdout, await dataKey(sops as unknown as Record<string, unknown>, identity));
      assert.equal(r.stdout.length, 32);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
