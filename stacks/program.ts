/** The whole program: read and validate the config, compose the layers, return the stack outputs. */
import { composeCluster } from "./compose";
import { loadStackConfig } from "./config/load";

export function program(): Record<string, unknown> {
  const config = loadStackConfig();
  return composeCluster(config).outputs;
}
