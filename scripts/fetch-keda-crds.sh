#!/usr/bin/env bash
# Fetches KEDA's own ScaledObject and TriggerAuthentication CRDs, once, from KEDA's Go module on the Go module
# proxy (the module zip carries config/crd/bases), into ~/.kubeapitest/keda/<version>/. CrdInstaller.installKeda()
# installs them when present, so the tests and bin/dev validate what the operator writes against KEDA's real
# schema; without them it falls back to the minimal open-schema CRDs in localkube.
set -euo pipefail

KEDA_VERSION="${KEDA_VERSION:-2.18.0}"
CACHE_ROOT="${KUBEAPITEST_DIR:-$HOME/.kubeapitest}"
TARGET="$CACHE_ROOT/keda/v$KEDA_VERSION"
FILES=(keda.sh_scaledobjects.yaml keda.sh_triggerauthentications.yaml)
PROXY="$(go env GOPROXY 2>/dev/null || true)"; PROXY="${PROXY%%,*}"
case "$PROXY" in ""|direct|off) PROXY="https://proxy.golang.org";; esac

log() { printf '[keda-crds] %s\n' "$*"; }

if [ -s "$TARGET/${FILES[0]}" ] && [ -s "$TARGET/${FILES[1]}" ]; then
  log "cached: $TARGET"
  exit 0
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
log "KEDA v$KEDA_VERSION: downloading the module from $PROXY"
curl -fsSL --retry 3 -m 300 -o "$WORK/keda.zip" "$PROXY/github.com/kedacore/keda/v2/@v/v$KEDA_VERSION.zip"
mkdir -p "$TARGET.tmp"
for f in "${FILES[@]}"; do
  unzip -p "$WORK/keda.zip" "github.com/kedacore/keda/v2@v$KEDA_VERSION/config/crd/bases/$f" > "$TARGET.tmp/$f"
  [ -s "$TARGET.tmp/$f" ] || { echo "$f not found in KEDA v$KEDA_VERSION" >&2; exit 1; }
done
rm -rf "$TARGET" && mv "$TARGET.tmp" "$TARGET"
log "installed in $TARGET"
