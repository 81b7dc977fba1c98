/**
 * Runs the Application health Lua in an embedded Lua interpreter (fengari 0.1.5, Lua 5.3, pure JS) set up like Argo
 * CD's gopher-lua VM (util/lua/lua.go at v3.5.1): only the base and table libraries are open (no string, math, io),
 * `obj` is a real Lua table with 1-based arrays (Argo CD's decodeValue appends JSON arrays), and the script's returned
 * table is read back as {status, message}. Fixtures are Application `status` blocks with the field names of
 * pkg/apis/application/v1alpha1/types.go at v3.5.1.
 *
 * What this verifies: the script parses and runs without the string library, and maps each status to the health the
 * wave gate needs. What it does not: gopher-lua itself (Lua 5.1) is not run; the script keeps to the 5.1/5.3 subset
 * (no integer division, no string methods, no `goto`), and number formatting (5.3 "3.0" vs 5.1 "3") never enters it.
 */
import { strict as assert } from "assert";
import { APPLICATION_HEALTH_LUA } from "./application-health";
import { buildArgoCdValues, APPLICATION_HEALTH_KEY } from "./argocd";

// fengari ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const { lua, lauxlib, lualib, to_luastring } = require("fengari") as {
  lua: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  lauxlib: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  lualib: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  to_luastring: (s: string) => Uint8Array;
};

function pushValue(L: unknown, v: unknown): void {
  if (v === null || v === undefined) lua.lua_pushnil(L);
  else if (typeof v === "boolean") lua.lua_pushboolean(L, v);
  else if (typeof v === "number") (Number.isInteger(v) ? lua.lua_pushinteger : lua.lua_pushnumber)(L, v);
  else if (typeof v === "string") lua.lua_pushstring(L, to_luastring(v));
  else if (Array.isArray(v)) {
    lua.lua_createtable(L, v.length, 0);
    v.forEach((x, i) => {
      pushValue(L, x);
      lua.lua_rawseti(L, -2, i + 1);
    });
  } else {
    lua.lua_createtable(L, 0, 0);
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      pushValue(L, x);
      lua.lua_setfield(L, -2, to_luastring(k));
    }
  }
}

/** Runs a health script against an object, as Argo CD does. */
function health(script: string, obj: unknown): { status: string; message: string; libs: string } {
  const L = lauxlib.luaL_newstate();
  lauxlib.luaL_requiref(L, to_luastring("_G"), lualib.luaopen_base, 1);
  lua.lua_pop(L, 1);
  lauxlib.luaL_requiref(L, to_luastring("table"), lualib.luaopen_table, 1);
  lua.lua_pop(L, 1);
  pushValue(L, obj);
  lua.lua_setglobal(L, to_luastring("obj"));
  if (lauxlib.luaL_loadstring(L, to_luastring(script)) !== lua.LUA_OK) throw new Error(lua.lua_tojsstring(L, -1));
  if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) throw new Error(lua.lua_tojsstring(L, -1));
  lua.lua_getfield(L, -1, to_luastring("status"));
  const status = lua.lua_tojsstring(L, -1);
  lua.lua_pop(L, 1);
  lua.lua_getfield(L, -1, to_luastring("message"));
  const message = lua.lua_tojsstring(L, -1);
  lua.lua_pop(L, 1);
  lua.lua_getglobal(L, to_luastring("string"));
  const libs = lua.lua_isnil(L, -1) ? "no string library" : "string library open";
  return { status, message, libs };
}

const app = (status?: unknown) => ({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: { name: "child", namespace: "argocd" }, ...(status ? { status } : {}) });
const synced = { status: "Synced", revision: "abc" };
const succeeded = (resources: unknown[]) => ({ phase: "Succeeded", message: "successfully synced (all tasks run)", syncResult: { revision: "abc", resources } });
const res = (kind: string, name: string, status: string, extra: Record<string, unknown> = {}) => ({ group: "", version: "v1", kind, namespace: "app", name, status, message: "", ...extra });

/** The health Lua Argo CD's docs give (health.md "Argocd App"), for contrast. */
const DOCUMENTED_LUA = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil then
  if obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then
      hs.message = obj.status.health.message
    end
  end
end
return hs`;

describe("Argo CD Application health Lua (the wave gate)", () => {
  it("is the argocd-cm customization the engine is installed with", () => {
    const cm = (buildArgoCdValues().configs as { cm: Record<string, string> }).cm;
    assert.equal(cm[APPLICATION_HEALTH_KEY], APPLICATION_HEALTH_LUA);
  });

  it("runs without the string library, like Argo CD's default VM", () => {
    assert.equal(health(APPLICATION_HEALTH_LUA, app()).libs, "no string library");
  });

  it("Healthy and Synced after a successful sync: Healthy", () => {
    const h = health(APPLICATION_HEALTH_LUA, app({ health: { status: "Healthy" }, sync: synced, operationState: succeeded([res("ConfigMap", "a", "Synced"), res("Service", "b", "Synced")]) }));
    assert.deepEqual([h.status, h.message], ["Healthy", ""]);
  });

  it("Healthy but a resource SyncFailed (argo-cd #27917): Degraded, not Healthy", () => {
    const status = {
      health: { status: "Healthy" },
      sync: { status: "OutOfSync" },
      operationState: {
        phase: "Failed",
        message: "one or more objects failed to apply, reason: the server could not find the requested resource",
        syncResult: { resources: [res("ConfigMap", "a", "Synced"), res("Cluster", "db", "SyncFailed", { group: "postgresql.cnpg.io", message: "no matches for kind" })] },
      },
    };
    assert.equal(health(DOCUMENTED_LUA, app(status)).status, "Healthy", "the documented check opens the gate early");
    const h = health(APPLICATION_HEALTH_LUA, app(status));
    assert.equal(h.status, "Degraded");
    assert.match(h.message, /Failed: one or more objects failed to apply/);
    // The same failed resource behind a phase that does not say so: the resource result decides.
    const quiet = health(APPLICATION_HEALTH_LUA, app({ ...status, operationState: { ...succeeded(status.operationState.syncResult.resources) } }));
    assert.equal(quiet.status, "Degraded");
    assert.match(quiet.message, /Cluster app\/db failed to sync: no matches for kind/);
  });

  it("a failed sync hook: Degraded", () => {
    const h = health(APPLICATION_HEALTH_LUA, app({ health: { status: "Healthy" }, sync: synced, operationState: succeeded([res("Job", "migrate", "", { hookType: "PostSync", hookPhase: "Failed" })]) }));
    assert.equal(h.status, "Degraded");
  });

  it("Healthy while the sync still runs, or while OutOfSync: Progressing", () => {
    const running = health(APPLICATION_HEALTH_LUA, app({ health: { status: "Healthy" }, sync: { status: "OutOfSync" }, operationState: { phase: "Running", message: "waiting for healthy state of apps/Deployment/x" } }));
    assert.deepEqual([running.status, running.message], ["Progressing", "sync operation Running: waiting for healthy state of apps/Deployment/x"]);
    const outOfSync = health(APPLICATION_HEALTH_LUA, app({ health: { status: "Healthy" }, sync: { status: "OutOfSync" } }));
    assert.equal(outOfSync.status, "Progressing");
    const noSync = health(APPLICATION_HEALTH_LUA, app({ health: { status: "Healthy" } }));
    assert.deepEqual([noSync.status, noSync.message], ["Progressing", "healthy but Unknown: waiting for the sync"]);
  });

  it("Progressing and Degraded children pass through", () => {
    assert.equal(health(APPLICATION_HEALTH_LUA, app({ health: { status: "Progressing", message: "rollout" }, sync: synced, operationState: succeeded([]) })).status, "Progressing");
    const d = health(APPLICATION_HEALTH_LUA, app({ health: { status: "Degraded", message: "CrashLoopBackOff" }, sync: synced, operationState: succeeded([]) }));
    assert.deepEqual([d.status, d.message], ["Degraded", "CrashLoopBackOff"]);
  });

  it("missing status, or status without health: Progressing", () => {
    assert.equal(health(APPLICATION_HEALTH_LUA, app()).status, "Progressing");
    assert.equal(health(APPLICATION_HEALTH_LUA, app({ sync: synced })).status, "Progressing");
  });
});
