/** The whole program: read and validate the config, warn about risky settings, compose the layers, return the outputs. */
import { composeCluster } from "./compose";
import { loadStackConfigWithWarnings } from "./config/load";
import { emitWarnings } from "./config/warnings";

export function program(): Record<string, unknown> {
  const { config, warnings } = loadStackConfigWithWarnings();
  emitWarnings(warnings);
  return composeCluster(config).outputs;
}
