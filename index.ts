// k3s-gitops: one `pulumi up` per environment. Everything lives in stacks/ and components/.
import { program } from "./stacks/program";

export = program();
