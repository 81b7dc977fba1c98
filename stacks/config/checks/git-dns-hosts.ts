/**
 * Credentials in plain config, git, DNS, existing hosts and images: the checks that need more than one key's shape.
 * Values that may hold a credential are never echoed: their problems carry "(hidden)".
 */
import type { ConfigProblem } from "../errors";
import { isPrivateCidr, parseCidr } from "@k3s-gitops/components/kernel";

type Raw = Record<string, any>;
const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const HIDDEN = "(hidden)";

/** The parts of a git URL this project accepts (https:// or ssh://), or undefined. */
function urlParts(url: string): { scheme: string; userinfo?: string; host: string } | undefined {
  const m = /^(https|ssh):\/\/(?:([^@/]*)@)?([^/:]+)(?::\d+)?\//.exec(url);
  return m ? { scheme: m[1]!, ...(m[2] !== undefined ? { userinfo: m[2] } : {}), host: m[3]! } : undefined;
}

/**
 * known_hosts lines (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): optional marker (@cert-authority, @revoked), host
 * patterns (or a hashed |1|salt|hash), key type, base64 key, optional comment. Blank lines and # comments allowed.
 */
const KNOWN_HOSTS_LINE = /^(@(cert-authority|revoked) )?\S+ (ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,2}( .*)?$/;

/** git check-ref-format's rules for a branch (git-check-ref-format(1) "DESCRIPTION" rules 1-10). */
export function refFormatProblem(ref: string): string | undefined {
  if (ref.startsWith("-")) return "must not start with '-'";
  if (ref.includes("..")) return "must not contain '..'";
  if (ref.includes("@{") || ref === "@") return "must not contain '@{' or be '@'";
  if (ref.includes("//") || ref.startsWith("/") || ref.endsWith("/") || ref.endsWith(".")) return "must not start or end with '/', end with '.', or hold '//'";
  if (ref.split("/").some((c) => c.startsWith(".") || c.endsWith(".lock"))) return "must not have a component that starts with '.' or ends with '.lock'";
  return undefined;
}

function gitProblems(raw: Raw): ConfigProblem[] {
  const g = raw.gitops;
  if (!isObject(g)) return [];
  const out: ConfigProblem[] = [];
  const url = typeof g.repoUrl === "string" ? g.repoUrl : undefined;
  if (url !== undefined) {
    const parts = urlParts(url);
    if (/\s/.test(url)) out.push({ path: ["gitops", "repoUrl"], value: HIDDEN, message: "holds whitespace; write the URL alone" });
    else if (parts?.userinfo !== undefined && (parts.scheme === "https" || parts.userinfo.includes(":"))) {
      out.push({ path: ["gitops", "repoUrl"], value: HIDDEN, message: "carries a credential in the URL (user:password@ or token@); remove it and set the secret gitHttpsToken (auth type https) or gitSshPrivateKey (auth type ssh)" });
    } else if (parts && (parts.host.startsWith("-") || parts.userinfo?.startsWith("-"))) {
      out.push({ path: ["gitops", "repoUrl"], value: url, message: "has a user or host starting with '-', which ssh would read as an option" });
    }
  }
  if (typeof g.branch === "string") {
    const bad = refFormatProblem(g.branch);
    if (bad) out.push({ path: ["gitops", "branch"], value: g.branch, message: `${bad} (git check-ref-format)` });
  }
  const auth = isObject(g.auth) ? g.auth : undefined;
  if (auth?.type === "ssh") {
    if (typeof auth.knownHosts === "string") {
      auth.knownHosts.split("\n").forEach((line: string, i: number) => {
        const l = line.trim();
        if (l === "" || l.startsWith("#") || KNOWN_HOSTS_LINE.test(l)) return;
        out.push({ path: ["gitops", "auth", "knownHosts"], value: `line ${i + 1}`, message: "must be known_hosts lines: host key-type base64-key, such as `github.com ssh-ed25519 AAAA...` (ssh-keyscan prints them)" });
      });
    }
    const host = url ? urlParts(url)?.host : undefined;
    if (host && host !== "github.com" && typeof auth.knownHosts !== "string") {
      out.push({ path: ["gitops", "auth", "knownHosts"], missing: true, message: `is required for ssh host ${host}: only github.com's keys are built in, so the engine could never verify ${host}; run \`ssh-keyscan ${host}\` and set the lines` });
    }
  }
  return out;
}

/** Key names that hold a secret value when given inline (ESO providers take them as references: name/key). */
const INLINE_SECRET_KEY = /(secret|password|passwd|token|apikey|api_key|privatekey|private_key|accesskey|credentials?)$/i;

function inlineSecrets(value: unknown, at: (string | number)[], out: ConfigProblem[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => inlineSecrets(v, [...at, i], out));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === "string" && INLINE_SECRET_KEY.test(k) && !/(ref|name|path|url)$/i.test(k)) {
        out.push({ path: [...at, k], value: HIDDEN, message: "holds a secret value inline in plain config; reference a Kubernetes Secret instead (a secretRef with name and key)" });
      } else inlineSecrets(v, [...at, k], out);
    }
  }
}

function credentialProblems(raw: Raw): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const es = isObject(raw.platform) && isObject(raw.platform.externalSecrets) ? raw.platform.externalSecrets : undefined;
  if (es && isObject(es.clusterSecretStore) && isObject(es.clusterSecretStore.provider)) {
    inlineSecrets(es.clusterSecretStore.provider, ["platform", "externalSecrets", "clusterSecretStore", "provider"], out);
  }
  const smb = isObject(raw.platform) && isObject(raw.platform.storage) && isObject(raw.platform.storage.smb) ? raw.platform.storage.smb : undefined;
  if (smb && typeof smb.source === "string" && smb.source.includes("@")) {
    out.push({ path: ["platform", "storage", "smb", "source"], value: HIDDEN, message: "carries a user in the share address; credentials belong in the Secret named by platform.storage.smb.secretName" });
  }
  return out;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function dnsProblems(raw: Raw): ConfigProblem[] {
  const d = raw.dns;
  if (!isObject(d)) return [];
  const out: ConfigProblem[] = [];
  if (typeof d.domain === "string" && (d.domain.length > 253 || d.domain.split(".").some((l: string) => l.length > 63))) {
    out.push({ path: ["dns", "domain"], value: d.domain, message: "must be at most 253 characters, each label at most 63 (RFC 1035 section 2.3.4)" });
  }
  if (typeof d.hostedZoneId === "string" && d.hostedZoneId.startsWith("/hostedzone/")) {
    out.push({ path: ["dns", "hostedZoneId"], value: d.hostedZoneId, message: `must be the bare zone id: drop the /hostedzone/ prefix and write ${d.hostedZoneId.slice("/hostedzone/".length)}` });
  }
  if (typeof d.ingressAddress === "string" && IPV4.test(d.ingressAddress)) {
    // Not refused: the documentation ranges (RFC 5737), which the examples and tests use as stand-ins for public addresses.
    const special = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4"];
    const c = `${d.ingressAddress}/32`;
    if (parseCidr(c) && (isPrivateCidr(c) || special.some((s) => parseCidr(s) && isInside(c, s)))) {
      out.push({ path: ["dns", "ingressAddress"], value: d.ingressAddress, message: "must be a public IPv4 address: public DNS records pointing at a private, loopback or reserved address reach nothing from the internet" });
    }
  }
  return out;
}

function isInside(inner: string, outer: string): boolean {
  const [a, p] = outer.split("/");
  const n = (ip: string) => ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(p));
  const first = Math.floor(n(a!) / size) * size;
  const x = n(inner.split("/")[0]!);
  return x >= first && x < first + size;
}

function existingProblems(raw: Raw): ConfigProblem[] {
  const e = raw.existing;
  if (raw.cloud !== "existing" || !isObject(e)) return [];
  const out: ConfigProblem[] = [];
  const hosts = asArray(e.hosts);
  const seen = new Map<string, number>();
  hosts.forEach((h, i) => {
    if (!isObject(h) || typeof h.address !== "string") return;
    const key = `${h.address}:${h.sshPort ?? 22}`;
    const first = seen.get(key);
    if (first !== undefined) out.push({ path: ["existing", "hosts", i, "address"], value: h.address, message: `duplicates existing.hosts[${first}].address (same SSH address and port); every host is a different machine` });
    else seen.set(key, i);
  });
  if (typeof e.apiAddress === "string") {
    const i = hosts.findIndex((h) => isObject(h) && (h.address === e.apiAddress || h.privateAddress === e.apiAddress));
    if (i >= 0 && hosts[i].role !== "server") {
      out.push({ path: ["existing", "apiAddress"], value: e.apiAddress, message: `is existing.hosts[${i}] (${hosts[i].name}), an agent: the API is served by servers only; use a server's address or a VIP in front of them` });
    }
  }
  if (typeof e.networkCidr === "string" && parseCidr(e.networkCidr)?.family === 4 && !isPrivateCidr(e.networkCidr)) {
    out.push({ path: ["existing", "networkCidr"], value: e.networkCidr, message: "must be a private (RFC 1918) range: with no cloud firewall, flannel's VXLAN, etcd and the kubelet would cross the internet unencrypted" });
  }
  return out;
}

/**
 * The node cloud-init installs Longhorn's packages by their Debian/Ubuntu names (components/nodes/cloud-init.ts
 * LONGHORN_PACKAGES: open-iscsi, nfs-common) through apt, so only apt-based images work: Ubuntu LTS and Debian.
 */
function imageProblems(raw: Raw): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (raw.cloud === "hetzner" && isObject(raw.hetzner) && typeof raw.hetzner.image === "string" && !/^(ubuntu-\d{2}\.04|debian-\d{2})$/.test(raw.hetzner.image)) {
    out.push({ path: ["hetzner", "image"], value: raw.hetzner.image, message: "must be an Ubuntu LTS or Debian image such as ubuntu-24.04 or debian-12: the node cloud-init installs its packages with apt" });
  }
  if (raw.cloud === "digitalocean" && isObject(raw.digitalocean) && typeof raw.digitalocean.image === "string" && !/^(ubuntu-\d{2}-04-x64|debian-\d{2}-x64)$/.test(raw.digitalocean.image)) {
    out.push({ path: ["digitalocean", "image"], value: raw.digitalocean.image, message: "must be an Ubuntu LTS or Debian image slug such as ubuntu-24-04-x64: the node cloud-init installs its packages with apt" });
  }
  return out;
}

export function gitDnsHostsCheck(raw: Raw): ConfigProblem[] {
  return [...credentialProblems(raw), ...gitProblems(raw), ...dnsProblems(raw), ...existingProblems(raw), ...imageProblems(raw)];
}
