// The S3 state stack: `cd stacks/state && pulumi up`. See docs/state-and-deployments.md.
import { stateProgram } from "./program";

export = stateProgram();
