#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager and etcd from the Go module proxy, once, and caches them where
# io.fabric8:kube-api-test looks: ~/.kubeapitest/k8s/<version>-linux-amd64/{kube-apiserver,kube-controller-manager,etcd,kubectl}.
# Why build: this machine reaches package registries only, and the Go module proxy serves the
# Kubernetes and etcd sources. k8s.io/kubernetes pins its staging modules at v0.0.0 with local
# replaces, so the wrapper module replaces each of them with its published v0.<minor>.<patch>.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-1.36.3}"
ETCD_VERSION="${ETCD_VERSION:-3.6.16}"
CACHE_ROOT="${KUBEAPITEST_DIR:-$HOME/.kubeapitest}"
TARGET="$CACHE_ROOT/k8s/${K8S_VERSION}-linux-amd64"
PROXY="$(go env GOPROXY)"; PROXY="${PROXY%%,*}"
case "$PROXY" in ""|direct|off) PROXY="https://proxy.golang.org";; esac

log() { printf '[kube-binaries] %s\n' "$*"; }

if [ -x "$TARGET/kube-apiserver" ] && [ -x "$TARGET/kube-controller-manager" ] && [ -x "$TARGET/etcd" ] && [ -e "$TARGET/kubectl" ]; then
  log "cached: $TARGET"
  exit 0
fi
command -v go >/dev/null || { echo "go is required to build kube-apiserver and etcd" >&2; exit 1; }
mkdir -p "$TARGET"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
STAGING_VERSION="v0.${K8S_VERSION#1.}"

# kube-apiserver and kube-controller-manager come from one wrapper module, so they are the same
# k8s.io/kubernetes version and the second build reuses the first one's compiled packages.
build_kube_component() { # <binary name> <import path of its app package> <constructor>
  local name="$1" app="$2" ctor="$3"
  [ -x "$TARGET/$name" ] && return 0
  if [ ! -f "$WORK/kube/go.mod" ]; then
    log "k8s.io/kubernetes v$K8S_VERSION: resolving modules (staging modules at $STAGING_VERSION)"
    mkdir -p "$WORK/kube"
    (cd "$WORK/kube" && go mod init local/kube >/dev/null 2>&1)
  fi
  mkdir -p "$WORK/kube/cmd/$name"
  cat > "$WORK/kube/cmd/$name/main.go" <<GO
package main

import (
	"os"

	_ "time/tzdata"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"$app"
)

func main() {
	os.Exit(cli.Run(app.$ctor()))
}
GO
  cd "$WORK/kube"
  if ! grep -q "k8s.io/kubernetes v" go.mod; then
    staging=$(curl -fsSL "$PROXY/k8s.io/kubernetes/@v/v${K8S_VERSION}.mod" | awk '$1 ~ /^k8s.io\// && $2 == "v0.0.0" {print $1}' | sort -u)
    for m in $staging; do go mod edit -replace "$m=$m@$STAGING_VERSION"; done
    go mod edit -require "k8s.io/kubernetes@v${K8S_VERSION}"
  fi
  go mod tidy
  log "$name: compiling (a cold build takes 10-25 minutes on 2 cores; a second component reuses most of it)"
  local pkg=k8s.io/component-base/version
  go build -trimpath -o "$TARGET/$name.tmp" \
    -ldflags "-s -w -X $pkg.gitVersion=v${K8S_VERSION} -X $pkg.gitMajor=1 -X $pkg.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2) -X $pkg.gitTreeState=clean" "./cmd/$name"
  mv "$TARGET/$name.tmp" "$TARGET/$name"
  log "$name: done"
}
build_kube_component kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver/app NewAPIServerCommand
build_kube_component kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager/app NewControllerManagerCommand

if [ ! -x "$TARGET/etcd" ]; then
  log "etcd v$ETCD_VERSION: resolving modules"
  mkdir -p "$WORK/etcd"
  cd "$WORK/etcd"
  cat > main.go <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
GO
  go mod init local/etcd >/dev/null 2>&1
  go mod edit -require "go.etcd.io/etcd/server/v3@v${ETCD_VERSION}"
  go mod tidy
  log "etcd: compiling"
  go build -trimpath -o "$TARGET/etcd" -ldflags "-s -w" .
  log "etcd: done"
fi

if [ ! -e "$TARGET/kubectl" ]; then
  KUBECTL="$(command -v kubectl || true)"
  [ -n "$KUBECTL" ] || { echo "kubectl not found on PATH" >&2; exit 1; }
  ln -sf "$KUBECTL" "$TARGET/kubectl"
fi
log "ready: $TARGET"
