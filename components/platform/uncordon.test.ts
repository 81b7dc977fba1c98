import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateManifest } from "../kernel/validate";
import { requireTool } from "../testing/tools";
import {
  KEEP_CORDONED_ANNOTATION,
  KUBECTL_IMAGE,
  UNCORDON_NAME,
  UNCORDON_SCHEDULE,
  buildUncordonCronJob,
  buildUncordonRbac,
  renderUncordonScript,
} from "./uncordon";

describe("auto-uncordon script", () => {
  it("passes shellcheck", function () {
    requireTool(this, "shellcheck");
    const dir = mkdtempSync(join(tmpdir(), "uncordon-"));
    const file = join(dir, "uncordon.sh");
    writeFileSync(file, `#!/bin/sh\n${renderUncordonScript("system-upgrade")}`);
    execFileSync("shellcheck", ["-s", "sh", file]);
  });

  /** Runs the script with a fake kubectl on PATH; returns the nodes it uncordoned. */
  function runWithFakeKubectl(nodesOutput: string, activeJobs: string): string[] {
    const dir = mkdtempSync(join(tmpdir(), "uncordon-run-"));
    const log = join(dir, "uncordoned");
    writeFileSync(
      join(dir, "kubectl"),
      [
        "#!/bin/sh",
        'case "$1 $2" in',
        `  "get jobs") printf '%s' '${activeJobs}' ;;`,
        `  "get nodes") printf '%s' '${nodesOutput}' ;;`,
        `  "uncordon "*) echo "$2" >> '${log}' ;;`,
        "esac",
      ].join("\n"),
      { mode: 0o755 },
    );
    writeFileSync(join(dir, "run.sh"), renderUncordonScript("system-upgrade"));
    execFileSync("sh", [join(dir, "run.sh")], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    try {
      return readFileSync(log, "utf8").trim().split("\n").filter(Boolean);
    } catch {
      return [];
    }
  }

  it("uncordons Ready nodes without the opt-out annotation, even when the annotation is absent", () => {
    const nodes = "node-a True \nnode-b False \nnode-c True true\nnode-d True false\n";
    assert.deepEqual(runWithFakeKubectl(nodes, "\n\n"), ["node-a", "node-d"]);
  });

  it("leaves every node alone while an upgrade job is active", () => {
    assert.deepEqual(runWithFakeKubectl("node-a True \n", "\n1\n"), []);
  });

  it("reads the jobs of the namespace it is given and the opt-out annotation with its dots escaped", () => {
    const script = renderUncordonScript("my-upgrades");
    assert.match(script, /kubectl get jobs -n my-upgrades /);
    assert.ok(script.includes(KEEP_CORDONED_ANNOTATION.replace(/\./g, "\\\\.")));
  });
});

describe("auto-uncordon objects", () => {
  it("grants nodes get/list/patch cluster-wide and jobs list only in the upgrade namespace", () => {
    const { clusterRole, role } = buildUncordonRbac("kube-system", "system-upgrade");
    assert.deepEqual(clusterRole.rules, [{ apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "patch"] }]);
    assert.deepEqual(role.metadata, { name: UNCORDON_NAME, namespace: "system-upgrade" });
    assert.deepEqual(role.rules, [{ apiGroups: ["batch"], resources: ["jobs"], verbs: ["list"] }]);
  });

  it("builds a schema-valid CronJob every 5 minutes that runs the script as non-root, read-only, no overlap", async () => {
    const cron = buildUncordonCronJob("kube-system", "system-upgrade");
    await validateManifest(cron as any);
    assert.equal(cron.spec!.schedule, UNCORDON_SCHEDULE);
    assert.equal(UNCORDON_SCHEDULE, "*/5 * * * *");
    assert.equal(cron.spec!.concurrencyPolicy, "Forbid");
    const pod = cron.spec!.jobTemplate.spec!.template.spec!;
    assert.equal(pod.serviceAccountName, UNCORDON_NAME);
    assert.equal(pod.securityContext!.runAsNonRoot, true);
    const container = pod.containers[0]!;
    assert.equal(container.image, KUBECTL_IMAGE);
    assert.deepEqual(container.command, ["/bin/sh", "-c", renderUncordonScript("system-upgrade")]);
    assert.equal(container.securityContext!.readOnlyRootFilesystem, true);
  });
});
