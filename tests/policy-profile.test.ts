/**
 * One profile rule: the program (stacks/config/load.ts, from k3s-gitops:profile and the stack name) and the policy
 * pack (from its `profile` knob and the stack in a URN) both apply the kernel's resolveProfile, so the pack judges a
 * stack by the profile it runs with.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { policyConfigFor } from "../plan/cli";
import { stackProfile } from "../policy/rules/common";
import { haControlPlane, haControlPlaneDev } from "../policy/rules/ha";
import { resolveProfile as programProfile } from "../stacks/config/load";
import { build, runStackPolicy } from "./policy-fixtures";

const urnIn = (stack: string) => `urn:pulumi:${stack}::k3s-gitops::k3s-gitops:nodes:HetznerNodes$hcloud:index/server:Server::s`;
const STACKS = ["dev", "prod", "production", "prod-eu", "home", "do-dev", "staging", "Prod"];
const EXPLICIT: unknown[] = [undefined, "dev", "prod", "staging", "", 3];

/** The program's answer as the pack's shape: the profile, or null when the program refuses the stack. */
function program(explicit: unknown, stack: string): string | null {
  const r = programProfile(explicit === undefined ? {} : { profile: explicit }, stack);
  return typeof r === "string" ? r : null;
}

function pack(knob: unknown, stack: string): string | null {
  const r = stackProfile(knob, urnIn(stack));
  return r.ok ? r.profile : null;
}

describe("one profile rule for the program and the policy pack", () => {
  it("gives the same answer for the same explicit profile and stack name", () => {
    for (const stack of STACKS) for (const explicit of EXPLICIT) assert.equal(pack(explicit, stack), program(explicit, stack), `${String(explicit)} on ${stack}`);
    fc.assert(
      fc.property(fc.oneof(fc.constant<unknown>(undefined), fc.constantFrom("dev", "prod"), fc.string()), fc.oneof(fc.constantFrom(...STACKS), fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/)), (explicit, stack) => {
        // "auto" is the pack's word for "not set"; the program has no such value.
        if (explicit === "auto") return;
        assert.equal(pack(explicit, stack), program(explicit, stack));
      }),
    );
  });

  it("treats the pack's auto knob as no explicit profile", () => {
    for (const stack of STACKS) assert.equal(pack("auto", stack), program(undefined, stack), stack);
  });

  it("judges by the program's profile when the plan passes it on, whatever the stack is called", () => {
    for (const stack of STACKS) {
      for (const explicit of ["dev", "prod"]) {
        const cfg = policyConfigFor({ config: { "k3s-gitops:profile": explicit }, secretKeys: [] }, stack) as Record<string, { profile?: string }>;
        assert.equal(pack(cfg["ha-control-plane"]?.profile, stack), program(explicit, stack));
      }
    }
  });

  it("no longer guesses prod from a name like production: the HA policies say the profile is unknown and name the knob", async () => {
    const servers = build([{ name: "k3s-production-server-1", type: "hcloud:index/server:Server", layer: 0, stack: "production", props: {} }]);
    const [prod] = await runStackPolicy(haControlPlane(), servers);
    assert.match(prod!, /^N\/A: stack "production" is not named dev or prod, so its profile is not known; set this policy's config profile/);
    assert.match((await runStackPolicy(haControlPlaneDev(), servers))[0]!, /^N\/A: stack "production" is not named dev or prod/);
    assert.match((await runStackPolicy(haControlPlane(), servers, { profile: "prod" }))[0]!, /has 1 server/);
  });
});
