/**
 * The supported k3s releases: the one table that says which k3s versions the library installs, how their installer
 * is verified, and which catalog versions each Kubernetes minor needs (the component floors). A `k3s.version` that is
 * not in this table is refused before anything is registered.
 *
 * Adding a release: add a row with the exact tag, the raw URL of `install.sh` at that tag, and its sha256 as computed
 * from upstream (`curl -fsSL <url> | sha256sum`, or `git show <tag>:install.sh | sha256sum` in a clone of k3s-io/k3s).
 */

export interface K3sInstaller {
  /** `install.sh` at the release tag (raw GitHub URL, `+` encoded as %2B): never whatever get.k3s.io serves today. */
  readonly url: string;
  /** sha256 of that file, hex. The install script refuses to run an installer with any other digest. */
  readonly sha256: string;
  /** Where the digest comes from. */
  readonly source: string;
}

export interface K3sRelease {
  /** The exact release tag, e.g. `v1.36.4+k3s1`. */
  readonly version: string;
  /** Pre-releases (`-rcN`) are refused in prod. */
  readonly prerelease: boolean;
  readonly installer: K3sInstaller;
}

/** A minimum version of a catalog component, keyed by catalog key. */
export interface ComponentFloor {
  readonly minimum: string;
  readonly source: string;
}

const K3S_RAW = "https://raw.githubusercontent.com/k3s-io/k3s";

/** The installer URL of a k3s tag: the `+` of the tag must be encoded in a raw.githubusercontent.com path. */
export function k3sInstallerUrl(version: string): string {
  return `${K3S_RAW}/${version.replace("+", "%2B")}/install.sh`;
}

export const K3S_RELEASES: readonly K3sRelease[] = [
  {
    version: "v1.36.5+k3s1",
    prerelease: false,
    installer: {
      url: k3sInstallerUrl("v1.36.5+k3s1"),
      sha256: "46177d4c99440b4c0311b67233823a8e8a2fc09693f6c89af1a7161e152fbfad",
      // NOT CONFIRMED from k3s-io: the tag is known from third-party sightings (released 2026-09-30 with v1.37.1), and
      // one public repository pins this digest (the same as v1.36.4's) for this URL (research/k3s-and-clouds.md §1,
      // §2). Verify with `curl -fsSL <url> | sha256sum` before relying on it: a wrong digest fails closed, the install
      // step exits non-zero naming the mismatch and nothing runs.
      source: "sha256 of install.sh at tag v1.36.5+k3s1, as pinned by one public repository (NOT CONFIRMED)",
    },
  },
  {
    version: "v1.36.4+k3s1",
    prerelease: false,
    installer: {
      url: k3sInstallerUrl("v1.36.4+k3s1"),
      sha256: "46177d4c99440b4c0311b67233823a8e8a2fc09693f6c89af1a7161e152fbfad",
      // The k3s repository is beyond what these machines can fetch, so the digest was not computed here: it is the
      // value six independent public repositories pin for this exact URL. k3s-io/k3s PR #14553 moved the stable
      // channel to v1.36.4+k3s1 on 2026-08-27. A wrong digest fails closed: the installer never runs.
      source: "sha256 of install.sh at tag v1.36.4+k3s1, as pinned by six public repositories (not recomputed offline)",
    },
  },
];

/**
 * Component floors per Kubernetes minor: the oldest catalog version known to run on it. The catalog test checks every
 * pinned version against the floors of every supported minor.
 */
export const COMPONENT_FLOORS: Readonly<Record<string, Readonly<Record<string, ComponentFloor>>>> = {
  "1.36": {
    // hcloud CCM's versioning policy supports the three newest Kubernetes minors; releases before v1.30.1 panic
    // since the Hetzner API dropped server.datacenter on 2026-07-01 (hcloud-cloud-controller-manager README).
    "hcloud-ccm": { minimum: "1.31.0", source: "hcloud-cloud-controller-manager README, versioning policy; Hetzner API changelog 2026-07-01" },
    "hcloud-csi": { minimum: "2.21.0", source: "hetznercloud/csi-driver docs/kubernetes README, versioning policy" },
    longhorn: { minimum: "1.12.0", source: "Longhorn 1.12 support matrix (Kubernetes 1.36 tested)" },
    cilium: { minimum: "1.20.0", source: "Cilium Kubernetes compatibility table (1.19 lists 1.32-1.35)" },
    "cert-manager": { minimum: "v1.21.0", source: "cert-manager supported releases: 1.21 supports Kubernetes 1.33-1.36" },
    // cert-manager v1.21.1 is built against sigs.k8s.io/gateway-api v1.6.0 (go.mod at the tag): its Gateway API shim
    // reads the v1.6 standard-channel objects. Gateway API v1.5.0 also made TLSRoute and ListenerSet standard and its
    // safe-upgrades policy refuses downgrades below 1.5 (gateway-api CHANGELOG/1.5-CHANGELOG.md).
    "gateway-api": { minimum: "v1.6.0", source: "cert-manager v1.21.1 go.mod (sigs.k8s.io/gateway-api v1.6.0); gateway-api CHANGELOG/1.5 and 1.6" },
    // Traefik chart 41.3.0 annotates traefik.io/proxy-min-version v3.6.0 (traefik/Chart.yaml); chart 40.0.0 dropped
    // proxies before v3.6 and renamed the provider to kubernetesIngressNGINX (release notes of 40.0.0).
    traefik: { minimum: "v3.6.0", source: "traefik-helm-chart v41.3.0 traefik/Chart.yaml annotations; v40.0.0 release notes" },
    // Argo CD's tested-versions table: 3.5 is tested on v1.36, v1.35, v1.34, v1.33; 3.4 only up to v1.35.
    "argo-cd": { minimum: "v3.5.0", source: "argoproj/argo-cd v3.5.1 docs/operator-manual/tested-kubernetes-versions.md" },
    // The FluxInstance pins Flux v2.9.4 (FLUX_DISTRIBUTION); the operator ships those manifests from v0.58.0 on
    // (config/data/flux/v2.9.4 first appears at tag v0.58.0; v0.57.0 stops at v2.9.3).
    "flux-operator": { minimum: "v0.58.0", source: "controlplaneio-fluxcd/flux-operator tags v0.57.0 and v0.58.0, config/data/flux/" },
  },
};

/** `v1.36.4+k3s1` -> `1.36`; undefined when the string is not a k3s release tag. */
export function k3sMinor(version: string): string | undefined {
  const m = /^v(\d+)\.(\d+)\.\d+(?:-rc\d+)?\+k3s\d+$/.exec(version);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

/** The table row of an exact release, or undefined. */
export function k3sRelease(version: string): K3sRelease | undefined {
  return K3S_RELEASES.find((r) => r.version === version);
}

/** The supported release tags, newest first. */
export function supportedK3sVersions(): string[] {
  return K3S_RELEASES.map((r) => r.version);
}

/** Compares dotted versions (a leading `v` and any `+build`/`-pre` suffix ignored): negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^v/, "").split(/[+-]/)[0]!.split(".").map((n) => Number(n));
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
