#!/usr/bin/env bash
# Fetches the Prometheus Operator's PrometheusRule and ServiceMonitor CRDs, once, from its Go module on the Go module
# proxy (the module zip carries example/prometheus-operator-crd), into ~/.kubeapitest/prometheus-operator/<version>/.
# CrdInstaller.installPrometheusOperator() installs them, so that MonitoringIT's `helm install` with the chart's
# monitoring objects is validated by the API server against their real schema.
set -euo pipefail

PROMETHEUS_OPERATOR_VERSION="${PROMETHEUS_OPERATOR_VERSION:-0.85.0}"
CACHE_ROOT="${KUBEAPITEST_DIR:-$HOME/.kubeapitest}"
TARGET="$CACHE_ROOT/prometheus-operator/v$PROMETHEUS_OPERATOR_VERSION"
FILES=(monitoring.coreos.com_prometheusrules.yaml monitoring.coreos.com_servicemonitors.yaml)
PROXY="$(go env GOPROXY 2>/dev/null || true)"; PROXY="${PROXY%%,*}"
case "$PROXY" in ""|direct|off) PROXY="https://proxy.golang.org";; esac

log() { printf '[prometheus-operator-crds] %s\n' "$*"; }

if [ -s "$TARGET/${FILES[0]}" ] && [ -s "$TARGET/${FILES[1]}" ]; then
  log "cached: $TARGET"
  exit 0
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
log "prometheus-operator v$PROMETHEUS_OPERATOR_VERSION: downloading the module from $PROXY"
curl -fsSL --retry 3 -m 300 -o "$WORK/po.zip" "$PROXY/github.com/prometheus-operator/prometheus-operator/@v/v$PROMETHEUS_OPERATOR_VERSION.zip"
mkdir -p "$TARGET.tmp"
for f in "${FILES[@]}"; do
  unzip -p "$WORK/po.zip" "github.com/prometheus-operator/prometheus-operator@v$PROMETHEUS_OPERATOR_VERSION/example/prometheus-operator-crd/$f" > "$TARGET.tmp/$f"
  [ -s "$TARGET.tmp/$f" ] || { echo "$f not found in prometheus-operator v$PROMETHEUS_OPERATOR_VERSION" >&2; exit 1; }
done
rm -rf "$TARGET" && mv "$TARGET.tmp" "$TARGET"
log "installed in $TARGET"
