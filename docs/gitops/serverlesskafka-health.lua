-- Argo CD health check for serverlesskafka.io ServerlessKafka (docs/gitops.md).
-- Healthy: Ready=True for the current generation, hibernating included (an OnDemand cluster without
-- topics is Ready with reason Hibernating; its first topic wakes it up, so it must not hold back the
-- sync wave that brings that topic). Progressing: not reconciled yet, Strimzi still provisioning, or
-- being deleted (the finalizer waits until no topic is served: reason DeletionBlocked).
-- Degraded: Ready=False for a reason that needs a person (InvalidSpec, StrimziRejected, ReconcileError).
hs = {}
local waiting = {
  Provisioning = true,
  WaitingForStrimzi = true
}
local function ready()
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "Ready" then
      return c
    end
  end
  return nil
end
local c = ready()
if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  if c ~= nil and c.reason == "DeletionBlocked" then
    hs.message = "deletion waits: " .. tostring(c.message)
  else
    hs.message = "being deleted"
  end
  return hs
end
if c == nil then
  hs.status = "Progressing"
  hs.message = "waiting for the operator to report status"
  return hs
end
if obj.metadata.generation ~= nil and (obj.status.observedGeneration == nil
    or obj.status.observedGeneration < obj.metadata.generation) then
  hs.status = "Progressing"
  hs.message = "generation " .. tostring(obj.metadata.generation) .. " not yet reconciled"
  return hs
end
hs.message = tostring(c.reason) .. ": " .. tostring(c.message)
if c.status == "True" then
  hs.status = "Healthy"
elseif c.status == "False" and not waiting[c.reason] then
  hs.status = "Degraded"
else
  hs.status = "Progressing"
end
return hs
