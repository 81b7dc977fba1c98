// Loaded by `npm run bench` into every Node process of a timed plan (NODE_OPTIONS --require): at exit, appends the
// process's CPU time (user + system, seconds) and peak memory (max RSS, KiB) to $PLAN_BENCH_RUSAGE as one JSON line.
"use strict";
const file = process.env.PLAN_BENCH_RUSAGE;
if (file) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    require("fs").appendFileSync(file, `${JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, rss: u.maxRSS })}\n`);
  });
}
