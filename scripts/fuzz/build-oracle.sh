#!/usr/bin/env bash
# Builds (or reuses from the cache) the fuzzing oracle, fuzz/oracle: the API server's own validation code
# (k8s.io/apiextensions-apiserver, the version of the integration harness's kube-apiserver). The binary lands in the
# integration cache, keyed by a hash of the oracle's sources; the Go module and build caches are the harness's.
# Prints the binary's path.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../integration/versions.sh
source "$REPO/scripts/integration/versions.sh"

SRC="$REPO/fuzz/oracle"
hash=$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC"/*.go | sha256sum | cut -c1-16)
BIN="$CACHE/bin/fuzz-oracle-$hash"
if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi

mkdir -p "$CACHE/bin" "$CACHE/logs"
export GOPATH="$CACHE/go" GOMODCACHE="$CACHE/go/pkg/mod" GOCACHE="$CACHE/go-build" GOFLAGS="-buildvcs=false -modcacherw -mod=readonly"
export CGO_ENABLED=0 GOTOOLCHAIN=local
command -v go >/dev/null || { echo "build-oracle: Go is needed to build the fuzzing oracle (fuzz/oracle)" >&2; exit 1; }
t0=$SECONDS
if ! (cd "$SRC" && go build -trimpath -ldflags "-s -w" -o "$BIN.tmp" .) > "$CACHE/logs/build-fuzz-oracle.log" 2>&1; then
  echo "build-oracle: the oracle did not build; last lines of $CACHE/logs/build-fuzz-oracle.log:" >&2
  tail -20 "$CACHE/logs/build-fuzz-oracle.log" | sed 's/^/    /' >&2
  exit 1
fi
mv "$BIN.tmp" "$BIN"
echo "build-oracle: built $BIN in $((SECONDS - t0)) s" >&2
echo "$BIN"
