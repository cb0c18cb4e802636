#!/usr/bin/env bash
# Builds prometheus and promtool from the Go module proxy, once, and caches them in
# ~/.kubeapitest/prometheus/<version>-linux-amd64/{prometheus,promtool}, beside the kube binaries.
# Used by tests only (MonitoringIT scrapes the operator with it, PrometheusRulesTest runs promtool).
# Why build: this machine reaches package registries only, and the Go module proxy serves the Prometheus
# sources as github.com/prometheus/prometheus v0.<major><minor>.<patch> (v0.315.1 is Prometheus 3.15.1).
# The build tag remove_all_sd leaves out the cloud service discoveries (static, file and http remain),
# which the tests do not need and which would double the compile time.
set -euo pipefail

PROMETHEUS_VERSION="${PROMETHEUS_VERSION:-3.15.1}"
CACHE_ROOT="${KUBEAPITEST_DIR:-$HOME/.kubeapitest}"
TARGET="$CACHE_ROOT/prometheus/${PROMETHEUS_VERSION}-linux-amd64"
MODULE_VERSION="v0.$(echo "$PROMETHEUS_VERSION" | awk -F. '{printf "%d%02d.%d", $1, $2, $3}')"

log() { printf '[prometheus] %s\n' "$*"; }

if [ -x "$TARGET/prometheus" ] && [ -x "$TARGET/promtool" ]; then
  log "cached: $TARGET"
  exit 0
fi
GO="$(command -v go || true)"
[ -n "$GO" ] || { [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go; }
[ -n "$GO" ] || { echo "go is required to build prometheus" >&2; exit 1; }
mkdir -p "$TARGET"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

log "github.com/prometheus/prometheus $MODULE_VERSION: downloading"
SRC="$("$GO" mod download -json "github.com/prometheus/prometheus@$MODULE_VERSION" | awk -F'"' '$2 == "Dir" {print $4}')"
[ -d "$SRC" ] || { echo "could not download github.com/prometheus/prometheus@$MODULE_VERSION" >&2; exit 1; }
# The module cache is read-only and go.work names directories the module zip leaves out: build from a copy.
cp -r "$SRC" "$WORK/prometheus"
chmod -R u+w "$WORK/prometheus"
cd "$WORK/prometheus"
export GOWORK=off GOFLAGS=-mod=mod
log "resolving modules"
"$GO" mod download
pkg=github.com/prometheus/common/version
ldflags="-s -w -X $pkg.Version=$PROMETHEUS_VERSION -X $pkg.Revision=$MODULE_VERSION -X $pkg.Branch=module-proxy"
for name in promtool prometheus; do
  [ -x "$TARGET/$name" ] && continue
  log "$name: compiling (a cold build takes 5-10 minutes on 2 cores; the second binary reuses most of it)"
  "$GO" build -trimpath -tags remove_all_sd -ldflags "$ldflags" -o "$TARGET/$name.tmp" "./cmd/$name"
  mv "$TARGET/$name.tmp" "$TARGET/$name"
  log "$name: done"
done
log "ready: $TARGET"
