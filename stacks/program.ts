/** The whole program: read and validate the config, compose the layers, return the stack outputs. */
import * as pulumi from "@pulumi/pulumi";
import { composeCluster } from "./compose";
import { loadStackConfig } from "./config/load";
import { configWarnings } from "./config/warnings";

export function program(): Record<string, unknown> {
  const config = loadStackConfig();
  // Risky-but-legal settings (stacks/config/warnings.ts): logged, never fatal.
  for (const line of configWarnings(config)) void pulumi.log.warn(line);
  return composeCluster(config).outputs;
}
