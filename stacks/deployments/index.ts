// The Deployments stack: `cd stacks/deployments && pulumi up`. See docs/state-and-deployments.md.
import { deploymentsProgram } from "./program";

export = deploymentsProgram();
