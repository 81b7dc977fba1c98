/**
 * The health check Argo CD runs for an argoproj.io/Application that another Application deployed: the gate of the
 * stage domino (a parent's sync wave N+1 starts only when every wave-N child reports Healthy).
 *
 * Argo CD dropped the built-in check in 1.8 and documents this customization (argo-cd docs/operator-manual/health.md,
 * "Argocd App", at v3.5.1), which copies only `status.health`. That is not enough:
 * - argo-cd issue 10550 (open): health alone lets waves start while a child is still OutOfSync;
 * - argo-cd issue 27917 (open; regression since v3.4.0, PR 25962 in controller/health.go; fix PR 28066 unmerged at
 *   v3.5.1): a child whose resource failed to apply (left Missing) aggregates to Healthy, so the next wave starts early.
 * So the check also reads the child's last operation (`status.operationState`: `phase` Running/Terminating/Failed/
 * Error/Succeeded, `syncResult.resources[].status` Synced/SyncFailed/Pruned/PruneSkipped, `hookPhase`; field names
 * from pkg/apis/application/v1alpha1/types.go and gitops-engine/pkg/sync/common/types.go at v3.5.1) and its sync
 * status, and reports Healthy only when the health is Healthy, the sync status is Synced and no operation is running
 * or failed.
 *
 * Argo CD runs it in gopher-lua (Lua 5.1) with only the base, table, package and a safe os library opened
 * (util/lua/lua.go at v3.5.1; no `string`/`math` unless resource.customizations.useOpenLibs): the script uses only
 * comparisons, `..`, `ipairs` and `#`, which Lua 5.1 and 5.3 share. Tested in fengari (Lua 5.3) with the same
 * libraries: components/gitops/values/application-health.test.ts.
 */
export const APPLICATION_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = "waiting for the Application to report a status"
if obj.status == nil then
  return hs
end
local st = obj.status
local op = st.operationState
if op ~= nil then
  if op.phase == "Running" or op.phase == "Terminating" then
    hs.message = "sync operation " .. op.phase .. ": " .. (op.message or "")
    return hs
  end
  if op.phase == "Failed" or op.phase == "Error" then
    hs.status = "Degraded"
    hs.message = "sync operation " .. op.phase .. ": " .. (op.message or "")
    return hs
  end
  if op.syncResult ~= nil and op.syncResult.resources ~= nil then
    for i, r in ipairs(op.syncResult.resources) do
      if r.status == "SyncFailed" or r.hookPhase == "Failed" or r.hookPhase == "Error" then
        hs.status = "Degraded"
        hs.message = "resource " .. (r.kind or "") .. " " .. (r.namespace or "") .. "/" .. (r.name or "") .. " failed to sync: " .. (r.message or "")
        return hs
      end
    end
  end
end
if st.health ~= nil and st.health.status ~= nil then
  hs.status = st.health.status
  hs.message = st.health.message or ""
end
if hs.status == "Healthy" then
  local sync = "Unknown"
  if st.sync ~= nil and st.sync.status ~= nil then
    sync = st.sync.status
  end
  if sync ~= "Synced" then
    hs.status = "Progressing"
    hs.message = "healthy but " .. sync .. ": waiting for the sync"
  end
end
return hs
`;
