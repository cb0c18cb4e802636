#!/usr/bin/env bash
# Fetches KEDA's own ScaledObject and TriggerAuthentication CRDs, once, from KEDA's Go module on the Go module
# proxy (the module zip carries config/crd/bases), into ~/.kubeapitest/keda/<version>/. CrdInstaller.installKeda()
# installs them when present, so the tests and bin/dev validate what the operator writes against KEDA's real
# schema; without them it falls back to the minimal open-schema CRDs in localkube.
set -euo pipefail
KEDA_VERSION="${KEDA_VERSION:-2.18.0}"
exec "$(dirname "$0")/fetch-go-module-files.sh" keda-crds github.com/kedacore/keda/v2 "v$KEDA_VERSION" config/crd/bases \
  "${KUBEAPITEST_DIR:-$HOME/.kubeapitest}/keda/v$KEDA_VERSION" \
  keda.sh_scaledobjects.yaml keda.sh_triggerauthentications.yaml
