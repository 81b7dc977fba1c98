/**
 * External tools some tests run (shellcheck on rendered scripts, `kubectl kustomize` on the gitops/ tree). On a
 * machine without one, the test that needs it is skipped with a message naming the tool and how to install it; under
 * `CI=true` a missing tool is a failure, so CI never passes by skipping.
 */
import { spawnSync } from "node:child_process";

/** How to install each tool the tests use. */
export const TOOL_INSTALL = {
  shellcheck: "apt-get install shellcheck (Debian/Ubuntu), or see https://github.com/koalaman/shellcheck#installing",
  age: "apt-get install age (Debian/Ubuntu), or see https://github.com/FiloSottile/age#installation",
  kubectl:
    "from the Kubernetes apt repository (pkgs.k8s.io; https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/) " +
    "or its release binary (https://dl.k8s.io/release/<version>/bin/linux/amd64/kubectl)",
} as const;

export type Tool = keyof typeof TOOL_INSTALL;

const found = new Map<Tool, boolean>();
const warned = new Set<Tool>();

/** True when `tool` can be run (it is on PATH). Cached per process. */
export function hasTool(tool: Tool): boolean {
  let ok = found.get(tool);
  if (ok === undefined) {
    const r = spawnSync(tool, tool === "kubectl" ? ["version", "--client"] : ["--version"], { stdio: "ignore", timeout: 20_000 });
    ok = r.error === undefined;
    found.set(tool, ok);
  }
  return ok;
}

/** The message for a missing tool. */
export function missingToolMessage(tool: Tool): string {
  return `${tool} is not installed; install it ${TOOL_INSTALL[tool]}`;
}

/**
 * Call first in a mocha test (`function () { requireTool(this, "shellcheck"); ... }`, not an arrow function) or hook
 * that needs `tool`. Skips it when the tool is missing, or throws under `CI=true`.
 */
export function requireTool(ctx: { skip(): void }, tool: Tool, env: NodeJS.ProcessEnv = process.env): void {
  if (hasTool(tool)) return;
  const message = missingToolMessage(tool);
  if (env.CI === "true") throw new Error(`${message} (CI=true: a missing tool fails the test instead of skipping it)`);
  if (!warned.has(tool)) {
    warned.add(tool);
    console.warn(`skipping the tests that need ${tool}: ${message}`);
  }
  ctx.skip();
}
