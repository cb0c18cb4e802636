#!/usr/bin/env bash
# Builds KEDA's operator (and its metrics API server) from KEDA's Go module on the Go module proxy, once, and caches
# them with all of KEDA's CRDs in ~/.kubeapitest/keda/<version>-linux-amd64/{keda-operator,keda-adapter,crds/}.
# Why build: this machine reaches package registries only, and the Go module proxy serves KEDA's source. The build
# runs inside the downloaded module (`go build ./cmd/operator`), so KEDA's own go.mod and replace directives apply.
# Safe to run concurrently: a lock serialises builders, and each file appears under its final name only when
# complete. Idempotent: a cached build returns at once. A cold build takes about 3.5 minutes on an idle 2-core
# machine; far longer on a busy one (about 50 minutes at a load average of 36).
set -euo pipefail

KEDA_VERSION="${KEDA_VERSION:-2.18.0}"
CACHE_ROOT="${KUBEAPITEST_DIR:-$HOME/.kubeapitest}"
TARGET="$CACHE_ROOT/keda/v${KEDA_VERSION}-linux-amd64"
MODULE="github.com/kedacore/keda/v2@v$KEDA_VERSION"
export PATH="$PATH:/usr/local/go/bin"

log() { printf '[keda] %s\n' "$*"; }
ready() { [ -x "$TARGET/keda-operator" ] && [ -x "$TARGET/keda-adapter" ] && [ -s "$TARGET/crds/.complete" ]; }

if ready; then
  log "cached: $TARGET"
  exit 0
fi
command -v go >/dev/null || { echo "go is required to build KEDA (https://go.dev/dl)" >&2; exit 1; }
mkdir -p "$TARGET"
exec 9>"$TARGET/.lock"
if ! flock -n 9; then
  log "another build of KEDA v$KEDA_VERSION is running; waiting for it"
  flock 9
fi
if ready; then
  log "cached: $TARGET"
  exit 0
fi

log "KEDA v$KEDA_VERSION: downloading the module from the Go module proxy"
SRC="$(go mod download -json "$MODULE" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -d "$SRC" ] || { echo "could not download $MODULE" >&2; exit 1; }

mkdir -p "$TARGET/crds.tmp"
cp "$SRC"/config/crd/bases/*.yaml "$TARGET/crds.tmp/"
chmod u+w "$TARGET"/crds.tmp/*.yaml
ls "$TARGET"/crds.tmp/*.yaml > "$TARGET/crds.tmp/.complete"
rm -rf "$TARGET/crds" && mv "$TARGET/crds.tmp" "$TARGET/crds"
log "CRDs: $(ls "$TARGET"/crds/*.yaml | wc -l) in $TARGET/crds"

build() { # <binary> <package>
  local name="$1" pkg="$2"
  [ -x "$TARGET/$name" ] && return 0
  log "$name: compiling $pkg (cold: about 3.5 minutes on an idle 2-core machine, far longer on a busy one; the second binary reuses most of it)"
  (cd "$SRC" && GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w -X github.com/kedacore/keda/v2/version.Version=$KEDA_VERSION" \
      -o "$TARGET/$name.tmp.$$" "$pkg")
  mv "$TARGET/$name.tmp.$$" "$TARGET/$name"
  log "$name: done"
}
build keda-operator ./cmd/operator
build keda-adapter ./cmd/adapter
log "ready: $TARGET"
