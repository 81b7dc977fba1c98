/**
 * `npm run bench [-- --runs N]`: times `npm run plan` as a user runs it, start-up included, on two stacks:
 *
 *   - dev (budget 1 s);
 *   - prod with 95 agents (budget 2 s): 3 servers + 95 agents = 98 servers, within Hetzner Cloud's 100 servers per
 *     network, so a plan `pulumi up` could apply. Source: /work/research/k3s-and-clouds.md, "Servers per Network",
 *     from hcloud-cloud-controller-manager issue 342 and kube-hetzner issue 1985, both citing
 *     docs.hetzner.com/cloud/networks/faq (not confirmed first-hand).
 *
 * Each is run by the quick path (`node plan/run.js plan/cli.ts`, the cached transpilation of plan/run.js) and by the
 * tsx path (`tsx plan/cli.ts`, as `npm run plan` ran before issue 15), in the same run, one process per plan. It
 * prints the median wall time of N runs (after one warm-up each, which fills both transpilation caches), the CPU time
 * (user + system, every process of the run) and the peak memory (max RSS of the plan process), the ratio tsx/quick,
 * and checks that both paths print the same plan. Exit 1 when the quick path is over a budget. The machine's load
 * is printed too, and on Linux the share of CPU time the hypervisor took from this machine while each case ran (steal,
 * from /proc/stat): the budgets are for an idle 2-core machine, and wall times on a shared one are longer.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { loadavg, tmpdir } from "os";
import { join } from "path";
import { parseArgs } from "util";

export const AGENTS = 95;

interface Case {
  readonly label: string;
  readonly args: readonly string[];
  readonly budget: number;
}

interface Sample {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMb: number;
  readonly stdout: string;
  readonly status: number | null;
}

const ROOT = join(__dirname, "..");
const RUSAGE = join(__dirname, "bench-rusage.js");

function runOnce(command: readonly string[], args: readonly string[], rusageFile: string): Sample {
  writeFileSync(rusageFile, "");
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${RUSAGE}`.trim(), PLAN_BENCH_RUSAGE: rusageFile };
  const start = process.hrtime.bigint();
  const r = spawnSync(command[0]!, [...command.slice(1), ...args], { cwd: ROOT, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const lines = readFileSync(rusageFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { cpu: number; rss: number });
  return { wall, cpu: lines.reduce((s, l) => s + l.cpu, 0), rssMb: Math.max(0, ...lines.map((l) => l.rss)) / 1024, stdout: r.stdout, status: r.status };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The machine's CPU time counters (`cpu` line of /proc/stat, in ticks), or undefined off Linux. */
function cpuTicks(): { busy: number; steal: number } | undefined {
  if (!existsSync("/proc/stat")) return undefined;
  // user nice system idle iowait irq softirq steal ... (proc(5))
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
  return { busy: user + nice + system + irq + softirq + steal, steal };
}

/** Steal as a share of the busy time between two readings, e.g. "7%". */
function stealShare(before: ReturnType<typeof cpuTicks>, after: ReturnType<typeof cpuTicks>): string {
  if (!before || !after || after.busy === before.busy) return "n/a";
  return `${Math.round((100 * (after.steal - before.steal)) / (after.busy - before.busy))}%`;
}

function main(): void {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { runs: { type: "string", default: "3" } }, strict: true });
  const runs = Math.max(1, Number(values.runs));
  const tmp = mkdtempSync(join(tmpdir(), "k3s-gitops-bench-"));
  try {
    const agents = join(tmp, `prod-${AGENTS}-agents.yaml`);
    writeFileSync(agents, `config:\n  k3s-gitops:agentPools:\n    - name: workers\n      count: ${AGENTS}\n      size: cpx32\n      locations: [fsn1, nbg1, hel1]\n`);
    const cases: Case[] = [
      { label: "dev", args: ["--stack", "dev"], budget: 1 },
      { label: `prod, ${AGENTS} agents`, args: ["--stack", "prod", "--config-file", agents], budget: 2 },
    ];
    const paths = {
      quick: [process.execPath, join(ROOT, "plan", "run.js"), "plan/cli.ts"],
      tsx: [process.execPath, require.resolve("tsx/cli", { paths: [ROOT] }), "plan/cli.ts"],
    } as const;
    const rusageFile = join(tmp, "rusage.jsonl");
    console.log(`npm run bench: ${runs} run(s) per path after a warm-up; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on this machine`);
    console.log("case                path    wall (median)   CPU (median)   peak RSS   tsx/quick (wall, CPU)");
    let over = false;
    for (const c of cases) {
      const stats: Record<string, { wall: number; cpu: number; rss: number; stdout: string }> = {};
      const ticks = cpuTicks();
      for (const [name, command] of Object.entries(paths)) {
        const warm = runOnce(command, c.args, rusageFile);
        if (warm.status !== 0 && warm.status !== 1) throw new Error(`${name} plan of ${c.label} failed (exit ${warm.status})`);
        const samples = Array.from({ length: runs }, () => runOnce(command, c.args, rusageFile));
        stats[name] = { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)), rss: Math.max(...samples.map((s) => s.rssMb)), stdout: samples[0]!.stdout };
      }
      const q = stats.quick!;
      const t = stats.tsx!;
      const resources = /: (\d+) resources/.exec(q.stdout)?.[1] ?? "?";
      for (const [name, s] of Object.entries(stats)) {
        const ratio = name === "tsx" ? `${(t.wall / q.wall).toFixed(2)}x, ${(t.cpu / q.cpu).toFixed(2)}x` : "";
        console.log(`${c.label.padEnd(19)} ${name.padEnd(6)} ${`${s.wall.toFixed(2)} s`.padStart(10)} ${`${s.cpu.toFixed(2)} s`.padStart(14)} ${`${s.rss.toFixed(0)} MB`.padStart(10)}   ${ratio}`);
      }
      const same = q.stdout === t.stdout;
      console.log(`${"".padEnd(19)} ${resources} resources; budget ${c.budget} s (quick, wall): ${q.wall <= c.budget ? "met" : "OVER"}; both paths print the same plan: ${same ? "yes" : "NO"}`);
      console.log(`${"".padEnd(19)} CPU steal while this case ran (the hypervisor's share of busy time): ${stealShare(ticks, cpuTicks())}`);
      if (q.wall > c.budget || !same) over = true;
    }
    if (over) {
      console.error("over budget or the two paths differ (the budgets assume an idle machine: see the load average above)");
      process.exitCode = 1;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) main();
