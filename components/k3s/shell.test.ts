import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { PRIVILEGED_PATH, privileged, script, shq } from "./shell";

describe("k3s shell framing", () => {
  it("shq quotes single quotes safely", () => {
    const r = spawnSync("sh", ["-c", `printf '%s' ${shq("a'b $c")}`], { encoding: "utf8" });
    assert.equal(r.stdout, "a'b $c");
  });

  it("script frames its lines with the shebang and set -eu, ending in a newline", () => {
    assert.equal(script(["echo hi"]), "#!/bin/sh\nset -eu\necho hi\n");
  });

  it("privileged leaves root's script unchanged and wraps another user's in one `exec sudo -n`", () => {
    const text = script(["echo hi"]);
    assert.equal(privileged(text, "root"), text);
    assert.equal(privileged(text, undefined), text);
    const wrapped = privileged(text, "ubuntu");
    assert.ok(wrapped.includes(`exec sudo -n -- env PATH=${PRIVILEGED_PATH} /bin/sh -c ${shq(text)}`), wrapped);
  });
});
