-- Argo CD health check for serverlesskafka.io ServerlessTopic (docs/gitops.md).
-- Healthy: Ready=True for the current generation. Progressing: the operator has not looked at this
-- generation yet, is waiting for Strimzi, or the topic is being deleted. Degraded: Ready=False for a
-- reason that needs a person (a bad spec, a conflict, a cluster that is missing or refuses it).
hs = {}
local waiting = {
  WaitingForStrimzi = true,
  WaitingForCredentials = true,
  Provisioning = true,
  ClusterNotReady = true
}
if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "being deleted (deletionPolicy " .. tostring(obj.spec and obj.spec.deletionPolicy or "Delete") .. ")"
  return hs
end
if obj.status == nil or obj.status.conditions == nil then
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
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Ready" then
    local text = tostring(c.reason) .. ": " .. tostring(c.message)
    if c.status == "True" then
      hs.status = "Healthy"
    elseif c.status == "False" and not waiting[c.reason] then
      hs.status = "Degraded"
    else
      hs.status = "Progressing"
    end
    hs.message = text
    return hs
  end
end
hs.status = "Progressing"
hs.message = "no Ready condition yet"
return hs
