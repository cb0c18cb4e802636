#!/usr/bin/env bash
# Copies files from one directory of a Go module, as the Go module proxy serves it (a zip), into a cache directory,
# once. Used for CRDs that projects publish only in their Go module (KEDA, the Prometheus Operator):
#   fetch-go-module-files.sh <label> <module> <version> <dir in module> <target dir> <file>...
# Prints "cached" and does nothing when every file is already there; replaces the target directory as a whole.
set -euo pipefail

[ "$#" -ge 6 ] || { echo "usage: $0 <label> <module> <version> <dir in module> <target dir> <file>..." >&2; exit 2; }
LABEL="$1" MODULE="$2" VERSION="$3" DIR="$4" TARGET="$5"
shift 5
FILES=("$@")
PROXY="$(go env GOPROXY 2>/dev/null || true)"; PROXY="${PROXY%%,*}"
case "$PROXY" in ""|direct|off) PROXY="https://proxy.golang.org";; esac

log() { printf '[%s] %s\n' "$LABEL" "$*"; }

missing=0
for f in "${FILES[@]}"; do [ -s "$TARGET/$f" ] || missing=1; done
if [ "$missing" = 0 ]; then
  log "cached: $TARGET"
  exit 0
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
log "$MODULE $VERSION: downloading the module from $PROXY"
curl -fsSL --retry 3 -m 300 -o "$WORK/module.zip" "$PROXY/$MODULE/@v/$VERSION.zip"
rm -rf "$TARGET.tmp" && mkdir -p "$TARGET.tmp"
for f in "${FILES[@]}"; do
  unzip -p "$WORK/module.zip" "$MODULE@$VERSION/$DIR/$f" > "$TARGET.tmp/$f"
  [ -s "$TARGET.tmp/$f" ] || { echo "$f not found in $MODULE $VERSION ($DIR)" >&2; exit 1; }
done
rm -rf "$TARGET" && mv "$TARGET.tmp" "$TARGET"
log "installed in $TARGET"
