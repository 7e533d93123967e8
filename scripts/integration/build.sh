#!/usr/bin/env bash
# Builds (or reuses from the cache) the real control-plane programs the integration proofs run.
# Everything lands in $CACHE (outside the checkout), keyed by version; a warm run only checks the stamps.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.sh
source "$HERE/versions.sh"

SHARED="${SHARED_DIR:-$(cd "$HERE/../../.." && pwd)/shared}"
[ -d "$SHARED/upstream" ] || SHARED="$(cd "$HERE/../.." && git rev-parse --path-format=absolute --git-common-dir 2>/dev/null | xargs dirname)/../shared"
UPSTREAM="$SHARED/upstream"

mkdir -p "$CACHE/bin" "$CACHE/src" "$CACHE/logs"
export GOPATH="$CACHE/go" GOMODCACHE="$CACHE/go/pkg/mod" GOCACHE="$CACHE/go-build" GOFLAGS="-buildvcs=false -modcacherw"
export CGO_ENABLED=0 GOTOOLCHAIN=local
LDFLAGS="-s -w"

log() { printf '[build %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
have() { [ -x "$CACHE/bin/$1" ]; }
timed() { local t0=$SECONDS; "$@"; log "  took $((SECONDS - t0)) s"; }

build_etcd() {
  have "etcd-$ETCD_VERSION" && return 0
  log "etcd $ETCD_VERSION"
  local d="$CACHE/src/etcd-$ETCD_VERSION"; rm -rf "$d"; mkdir -p "$d"
  cat > "$d/main.go" <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  (cd "$d" && go mod init harness/etcd >/dev/null 2>&1 && go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION" >/dev/null && go mod tidy >/dev/null \
    && go build -trimpath -ldflags "$LDFLAGS" -o "$CACHE/bin/etcd-$ETCD_VERSION.tmp" . && mv "$CACHE/bin/etcd-$ETCD_VERSION.tmp" "$CACHE/bin/etcd-$ETCD_VERSION")
}

build_kube() {
  have "kube-apiserver-$KUBE_VERSION" && have "kubectl-$KUBE_VERSION" && return 0
  log "kube-apiserver + kubectl $KUBE_VERSION"
  local d="$CACHE/src/kube-$KUBE_VERSION"; rm -rf "$d"; mkdir -p "$d"
  local staging="v0.${KUBE_VERSION#1.}"
  (cd "$d" && go mod init harness/kube >/dev/null 2>&1 \
    && go mod download -json "k8s.io/kubernetes@v$KUBE_VERSION" > dl.json)
  local modfile; modfile=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$d/dl.json','utf8')).GoMod)")
  # Every staging module k8s.io/kubernetes replaces with a local path gets its published build instead.
  grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$modfile" | awk '{print $1}' | sort -u > "$d/staging.txt"
  {
    echo "module harness/kube"
    echo
    echo "go 1.26"
    echo
    echo "require k8s.io/kubernetes v$KUBE_VERSION"
    echo
    while read -r m; do echo "replace $m => $m $staging"; done < "$d/staging.txt"
  } > "$d/go.mod"
  cat > "$d/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  (cd "$d" && go mod tidy >/dev/null \
    && go build -trimpath -ldflags "$LDFLAGS" -o "$CACHE/bin/kube-apiserver-$KUBE_VERSION.tmp" k8s.io/kubernetes/cmd/kube-apiserver \
    && go build -trimpath -ldflags "$LDFLAGS" -o "$CACHE/bin/kubectl-$KUBE_VERSION.tmp" k8s.io/kubernetes/cmd/kubectl \
    && mv "$CACHE/bin/kube-apiserver-$KUBE_VERSION.tmp" "$CACHE/bin/kube-apiserver-$KUBE_VERSION" \
    && mv "$CACHE/bin/kubectl-$KUBE_VERSION.tmp" "$CACHE/bin/kubectl-$KUBE_VERSION")
}

build_envoy_gateway() {
  have "envoy-gateway-$EG_VERSION" && return 0
  log "envoy-gateway $EG_VERSION"
  local gobin="$CACHE/src/eg-$EG_VERSION-bin"; rm -rf "$gobin"; mkdir -p "$gobin"
  GOBIN="$gobin" go install -trimpath -ldflags "$LDFLAGS" -tags 'exclude_graphdriver_btrfs containers_image_openpgp' \
    "github.com/envoyproxy/gateway/cmd/envoy-gateway@$EG_VERSION"
  mv "$gobin/envoy-gateway" "$CACHE/bin/envoy-gateway-$EG_VERSION"
}

build_ai_gateway() {
  have "ai-gateway-controller-$AIGW_VERSION" && return 0
  log "ai-gateway controller $AIGW_VERSION"
  local d="$CACHE/src/ai-gateway-$AIGW_VERSION"; rm -rf "$d"; mkdir -p "$d"
  tar -xzf "$UPSTREAM/ai-gateway-$AIGW_VERSION-controller-src.tgz" -C "$d"
  (cd "$d/ai-gateway" && go build -trimpath -ldflags "$LDFLAGS" -o "$CACHE/bin/ai-gateway-controller-$AIGW_VERSION" ./cmd/controller)
}

build_cert_manager() {
  have "cert-manager-controller-$CM_VERSION" && have "cert-manager-webhook-$CM_VERSION" && return 0
  log "cert-manager controller + webhook $CM_VERSION"
  local d="$CACHE/src/cert-manager-$CM_VERSION"; rm -rf "$d"; mkdir -p "$d"
  tar -xzf "$UPSTREAM/cert-manager-$CM_VERSION-src.tgz" -C "$d"
  (cd "$d/cert-manager/cmd/controller" && go build -trimpath -ldflags "$LDFLAGS" -o "$CACHE/bin/cert-manager-controller-$CM_VERSION.tmp" .)
  (cd "$d/cert-manager/cmd/webhook" && go build -trimpath -ldflags "$LDFLAGS" -o "$CACHE/bin/cert-manager-webhook-$CM_VERSION" .)
  mv "$CACHE/bin/cert-manager-controller-$CM_VERSION.tmp" "$CACHE/bin/cert-manager-controller-$CM_VERSION"
}

build_kubeconform() {
  have "kubeconform-$KUBECONFORM_VERSION" && return 0
  log "kubeconform $KUBECONFORM_VERSION"
  local gobin="$CACHE/src/kubeconform-bin"; rm -rf "$gobin"; mkdir -p "$gobin"
  GOBIN="$gobin" go install -trimpath -ldflags "$LDFLAGS" "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION"
  mv "$gobin/kubeconform" "$CACHE/bin/kubeconform-$KUBECONFORM_VERSION"
}

build_pebble() {
  have "pebble-$PEBBLE_VERSION" && [ -f "$CACHE/bin/pebble-$PEBBLE_VERSION-config/pebble-config.json" ] && return 0
  log "pebble $PEBBLE_VERSION"
  local gobin="$CACHE/src/pebble-$PEBBLE_VERSION-bin"; rm -rf "$gobin"; mkdir -p "$gobin"
  GOBIN="$gobin" go install -trimpath -ldflags "$LDFLAGS" "github.com/letsencrypt/pebble/v2/cmd/pebble@$PEBBLE_VERSION"
  # The module ships its test configuration and a localhost certificate (signed by its test minica root): kept beside the binary.
  local mod="$GOMODCACHE/github.com/letsencrypt/pebble/v2@$PEBBLE_VERSION"
  rm -rf "$CACHE/bin/pebble-$PEBBLE_VERSION-config"; mkdir -p "$CACHE/bin/pebble-$PEBBLE_VERSION-config"
  cp "$mod/test/config/pebble-config.json" "$mod/test/certs/pebble.minica.pem" "$mod/test/certs/localhost/cert.pem" \
    "$mod/test/certs/localhost/key.pem" "$CACHE/bin/pebble-$PEBBLE_VERSION-config/"
  chmod u+w "$CACHE/bin/pebble-$PEBBLE_VERSION-config/"*
  mv "$gobin/pebble" "$CACHE/bin/pebble-$PEBBLE_VERSION"
}

# One build at a time per cache (a second run waits, bounded, then reuses what the first built).
exec 9>"$CACHE/build.lock"
flock -w 3600 9 || { log "gave up after 3600 s waiting for another build holding $CACHE/build.lock"; exit 1; }
status=0
for piece in ${BUILD_PIECES:-etcd kube envoy_gateway cert_manager ai_gateway kubeconform pebble}; do
  t0=$SECONDS
  if "build_$piece" > "$CACHE/logs/build-$piece.log" 2>&1; then
    log "$piece: ready ($((SECONDS - t0)) s)"
  else
    log "$piece: BUILD FAILED after $((SECONDS - t0)) s; last lines of $CACHE/logs/build-$piece.log:"
    tail -15 "$CACHE/logs/build-$piece.log" | sed 's/^/    /'
    status=1
  fi
done
# The module and compile caches are kept (they are what makes a warm run fast); sources of finished builds are not needed.
exit $status
