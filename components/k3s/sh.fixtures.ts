/**
 * Test fixtures: run rendered scripts under sh in a scratch directory, with fake tools first on PATH. Shared by the
 * script tests (scripts.test.ts, prepare-script.test.ts); the package build excludes *.fixtures.ts.
 */
import { spawnSync } from "child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

/** A scratch directory for scripts and their files; `dispose` removes it. */
export class ShSandbox {
  public readonly dir: string;

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  /** Writes a script under a file name derived from `name`; returns its path. */
  public write(name: string, text: string): string {
    const file = join(this.dir, `${name.replace(/[^a-z0-9]+/gi, "-")}.sh`);
    writeFileSync(file, text);
    return file;
  }

  /** A new empty directory in the sandbox (for fake tools or a script's files). */
  public subdir(prefix: string): string {
    return mkdtempSync(join(this.dir, prefix));
  }

  public dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs a script with sh, a PATH that puts `bin` first, and the given stdin. */
export function runSh(file: string, bin: string, stdin = "") {
  return spawnSync("sh", [file], { input: stdin, encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin` } });
}

/** A fake executable `name` in `bin` running the given sh body. */
export function fakeTool(bin: string, name: string, body: string): void {
  const file = join(bin, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
}

/** A config.yaml holding what a shell would expand if its here-document were not quoted. */
export const SAMPLE_CONFIG = "node-name: k3s-dev-server-1\nnode-label:\n  - \"team=$HOME`id`\\\\x\"\ntoken-file: /etc/rancher/k3s/token\n";
