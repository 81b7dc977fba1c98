import { strict as assert } from "node:assert";
import {
  DEFAULT_K3S_VERSION,
  K3S_DISABLE,
  K3S_FLAG_PATTERN,
  K3S_RELEASE_PATTERN,
  RESERVED_K3S_FLAGS,
  flagName,
  isReservedK3sFlag,
} from "./defaults";

describe("k3s defaults", () => {
  it("the pinned default is an exact release the pattern accepts", () => {
    assert.match(DEFAULT_K3S_VERSION, K3S_RELEASE_PATTERN);
  });

  it("K3S_RELEASE_PATTERN: exact release tags (and -rc pre-releases), never a channel or a partial version", () => {
    for (const ok of ["v1.34.3+k3s3", "v1.36.4+k3s1", "v1.35.0-rc1+k3s1", "v1.36.10+k3s12"]) assert.match(ok, K3S_RELEASE_PATTERN, ok);
    for (const bad of ["latest", "stable", "v1.36", "v1.36.4", "1.36.4+k3s1", "v1.36.4+k3s", "v1.36.4+k3s1 ", "v2.0.0+k3s1", "v1.36.4-beta1+k3s1"]) {
      assert.doesNotMatch(bad, K3S_RELEASE_PATTERN, bad);
    }
  });

  it("K3S_DISABLE lists the packaged components k3s's --disable accepts", () => {
    assert.deepEqual([...K3S_DISABLE].sort(), ["coredns", "local-storage", "metrics-server", "runtimes", "servicelb", "traefik"]);
  });

  it("K3S_FLAG_PATTERN: --name or --name=value, lowercase names", () => {
    for (const ok of ["--secrets-encryption", "--kubelet-arg=max-pods=150", "--tls-san=api.example.com", "--x="]) assert.match(ok, K3S_FLAG_PATTERN, ok);
    for (const bad of ["kubelet-arg=x", "-v=2", "--Kubelet-arg=x", "--1flag", "--", "--kubelet-arg=a\nb"]) assert.doesNotMatch(bad, K3S_FLAG_PATTERN, bad);
  });

  it("flagName and isReservedK3sFlag read the flag of --name[=value]", () => {
    assert.equal(flagName("--kube-apiserver-arg=audit-log-maxage=30"), "kube-apiserver-arg");
    assert.equal(flagName("--secrets-encryption"), "secrets-encryption");
    assert.equal(isReservedK3sFlag("--token=abc"), true);
    assert.equal(isReservedK3sFlag("--node-ip=10.0.0.1"), true);
    assert.equal(isReservedK3sFlag("--disable"), true);
    assert.equal(isReservedK3sFlag("--token-auth-file=/x"), false, "a longer flag that starts like a reserved one");
    assert.equal(isReservedK3sFlag("--kubelet-arg=max-pods=150"), false);
  });

  it("the list-valued flags the layer merges (kubelet-arg, tls-san) stay open to extraArgs", () => {
    for (const open of ["kubelet-arg", "tls-san", "kube-apiserver-arg"]) assert.ok(!(RESERVED_K3S_FLAGS as readonly string[]).includes(open), open);
  });
});
