/** The args both hand-offs share: defaults, the stage order rule, and the checks. */
import { strict as assert } from "assert";
import type * as k8s from "@pulumi/kubernetes";
import { Problems } from "../kernel/errors";
import { DEFAULT_STAGES, GIT_REPO_URL, HandoffArgs, STAGE_NAME, checkHandoffArgs, resolveHandoffArgs, stageOrderProblems } from "./handoff-args";

const base: HandoffArgs = { provider: {} as k8s.Provider, repoUrl: "https://github.com/acme/k3s-gitops.git", path: "gitops/clusters/dev" };
const paths = (args: HandoffArgs) => {
  const p = new Problems();
  checkHandoffArgs(p, args);
  return p.all.map((x) => x.path);
};

it("DEFAULT_STAGES are numbered in order", () => {
  const n = DEFAULT_STAGES.map((s) => Number(s.slice(0, 2)));
  assert.deepEqual([...n].sort((a, b) => a - b), n);
  for (const s of DEFAULT_STAGES) assert.match(s, STAGE_NAME);
  assert.deepEqual(stageOrderProblems(DEFAULT_STAGES), []);
});

describe("hand-off args", () => {
  it("applies each default with ?? (an explicit false stays false)", () => {
    assert.deepEqual(resolveHandoffArgs(base), { branch: "main", stages: [...DEFAULT_STAGES], sync: { prune: true, selfHeal: true }, auth: { type: "none" } });
    assert.deepEqual(resolveHandoffArgs({ ...base, sync: { selfHeal: false } }).sync, { prune: true, selfHeal: false });
    assert.equal(resolveHandoffArgs({ ...base, branch: "release" }).branch, "release");
  });

  it("orders stages strictly by number and refuses repeated names", () => {
    assert.deepEqual(stageOrderProblems(["01-a", "01-b", "03-a", "x"]).map((p) => [p.index, p.accepted.slice(0, 30)]), [
      [1, "must have a higher number than"],
      [2, "repeats a stage name; stage na"],
    ]);
  });

  it("accepts a good set and refuses each bad field by its path", () => {
    assert.deepEqual(paths({ ...base, branch: "main", stages: ["01-a", "05-b"], sync: { prune: false }, auth: { type: "https", token: "t" } }), []);
    assert.deepEqual(paths({ ...base, path: "gitops/../x" }), ["path"]);
    assert.deepEqual(paths({ ...base, path: "/srv/gitops" }), ["path"]);
    assert.deepEqual(paths({ ...base, repoUrl: "git@github.com:a/b.git" }), ["repoUrl"]);
    assert.deepEqual(paths({ ...base, stages: ["1-a", "02-B"] }), ["stages[0]", "stages[1]"]);
    assert.deepEqual(paths({ ...base, sync: { selfHeal: 1 as never } }), ["sync.selfHeal"]);
    assert.deepEqual(paths({ ...base, provider: undefined as never }), ["provider"]);
  });

  it("takes https and ssh:// URLs, with a port, and refuses scp-like and plain http", () => {
    for (const ok of ["https://github.com/a/b.git", "ssh://git@github.com/a/b.git", "ssh://git@git.example.com:2222/a/b"]) assert.match(ok, GIT_REPO_URL);
    for (const bad of ["git@github.com:a/b.git", "http://github.com/a/b.git", "https://github.com"]) assert.doesNotMatch(bad, GIT_REPO_URL);
  });
});
