/**
 * `npm run bench`: times the offline plan of the prod stack and of the prod stack grown to 300 agents, and prints
 * both times and the peak memory (max RSS). Budget (issue 5): prod in a few seconds, 300 agents under 20 s on 2 cores.
 */
import { join } from "path";
import { PROJECT, planStack } from "./cli";
import { loadStackFile } from "./stack-file";

export const AGENTS = 300;

async function timed(label: string, run: () => Promise<{ resources: number; violations: number; error?: Error }>): Promise<number> {
  const start = process.hrtime.bigint();
  const r = await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${label.padEnd(28)} ${seconds.toFixed(2).padStart(7)} s  ${String(r.resources).padStart(6)} resources  ${r.violations} violations${r.error ? `  (program error: ${r.error.message.split("\n")[0]})` : ""}`);
  return seconds;
}

async function main(): Promise<void> {
  const dir = process.cwd();
  const prod = loadStackFile(join(dir, "Pulumi.prod.yaml"), PROJECT);
  const extra = process.argv[2] ? loadStackFile(process.argv[2], PROJECT).config : {};
  const base = { config: { ...prod.config, ...extra }, secretKeys: prod.secretKeys };
  const pools = [{ name: "workers", count: AGENTS, size: "cpx32", locations: ["fsn1", "nbg1", "hel1"] }];
  // 303 nodes need a subnet larger than the default /24 (the config cross-checks say so).
  const hetzner = { ...((base.config[`${PROJECT}:hetzner`] as Record<string, unknown> | undefined) ?? {}), subnetCidr: "10.0.0.0/20" };
  const big = { config: { ...base.config, [`${PROJECT}:agentPools`]: pools, [`${PROJECT}:hetzner`]: hetzner }, secretKeys: base.secretKeys };
  const run = (stackFile: typeof base) => async () => {
    const r = await planStack({ stack: "prod", dir, stackFile });
    return { resources: r.run.resources.length, violations: r.policy.violations.length, error: r.run.error };
  };
  const a = await timed("prod", run(base));
  const b = await timed(`prod with ${AGENTS} agents`, run(big));
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`peak memory (max RSS)        ${rssMb.toFixed(0).padStart(7)} MB`);
  if (a > 10 || b > 20) {
    console.error("over budget: prod must plan in a few seconds, 300 agents in under 20 s");
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
