#!/usr/bin/env bash
# `npm run test:integration`: builds (or reuses) the real control planes, starts them in two network namespaces
# this run creates, runs the proofs (test/integration/proofs.ts), and stops everything it started, by process id,
# whatever happens. Nothing is left on the host but the build cache ($CACHE, see versions.sh).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
source "$HERE/versions.sh"
SHARED="${SHARED_DIR:-$(cd "$REPO/.." && pwd)/shared}"
CRDS="$SHARED/crds"
export SHARED_DIR="$SHARED"

T_START=$SECONDS
log() { printf '[integration %s +%ss] %s\n' "$(date -u +%H:%M:%S)" "$((SECONDS - T_START))" "$*"; }
die() { log "FAILED: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (network namespaces, a private mount namespace); run as root as CI does"
[ -d "$CRDS" ] || die "pinned CRDs not found at $CRDS (set SHARED_DIR)"
mkdir -p "$CACHE/logs"
for tool in ip unshare openssl mount node; do command -v "$tool" >/dev/null || die "'$tool' is not installed"; done
# BIND, the authoritative server of the ACME test zone: Debian's bind9 (CI machines have nothing installed by hand).
if ! command -v named >/dev/null || ! command -v tsig-keygen >/dev/null; then
  log "installing bind9 from Debian's packages (named, tsig-keygen); its service is not started: the run starts its own named"
  t0=$SECONDS
  command -v apt-get >/dev/null || die "named is not installed and there is no apt-get to install bind9 with"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends bind9 > "$CACHE/logs/apt-bind9.log" 2>&1 \
    || { apt-get -o DPkg::Lock::Timeout=600 update > /dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends bind9 > "$CACHE/logs/apt-bind9.log" 2>&1; } \
    || die "apt-get install bind9 failed: $(tail -3 "$CACHE/logs/apt-bind9.log")"
  log "bind9 installed in $((SECONDS - t0)) s"
fi

# What the proofs run of the library itself: the compiled CLI (lib/, proofs 2 and 3) and the packed tarball (dist/js,
# proof 4), built first when absent or older than a source file, so that this command works on its own after `npm ci`.
"$REPO/scripts/library-tarball.sh" "$CACHE/logs/library-build.log" > /dev/null || die "the library did not build (see $CACHE/logs/library-build.log)"

log "building or reusing the control planes (cache: $CACHE)"
t0=$SECONDS
build_status=0
if [ "${INTEGRATION_NO_BUILD:-0}" = 1 ]; then log "INTEGRATION_NO_BUILD=1: using whatever is in the cache"; else "$HERE/build.sh" || build_status=$?; fi
log "builds done in $((SECONDS - t0)) s (status $build_status)"
BIN="$CACHE/bin"
ETCD="$BIN/etcd-$ETCD_VERSION"; APISERVER="$BIN/kube-apiserver-$KUBE_VERSION"; KUBECTL="$BIN/kubectl-$KUBE_VERSION"
PEBBLE="$BIN/pebble-$PEBBLE_VERSION"; PEBBLE_FILES="$BIN/pebble-$PEBBLE_VERSION-config"
EG="$BIN/envoy-gateway-$EG_VERSION"; AIGW="$BIN/ai-gateway-controller-$AIGW_VERSION"
CMC="$BIN/cert-manager-controller-$CM_VERSION"; CMW="$BIN/cert-manager-webhook-$CM_VERSION"
KUBECONFORM="$BIN/kubeconform-$KUBECONFORM_VERSION"
for b in "$ETCD" "$APISERVER" "$KUBECTL"; do [ -x "$b" ] || die "$b did not build; nothing can run without etcd, the API server and kubectl"; done

RUN="$(mktemp -d /tmp/cdk8s-aigw-integration.XXXXXX)"
NSA="cdk8saigw-$$-a"   # etcd, API servers, Envoy Gateway, cert-manager, the proofs
NSB="cdk8saigw-$$-b"   # Envoy AI Gateway controller (binds 18002 like Envoy Gateway)
ADDR_A=10.253.0.1; ADDR_B=10.253.0.2   # addresses on the veth pair between the two namespaces only
PIDS=()
CERTS_MOUNTPOINT_CREATED=0

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  log "stopping ${#PIDS[@]} processes by pid, last started first"
  for ((i=${#PIDS[@]}-1; i>=0; i--)); do
    local p=${PIDS[$i]} n=0
    kill -TERM "$p" 2>/dev/null || continue
    while kill -0 "$p" 2>/dev/null && [ $n -lt 75 ]; do sleep 0.2; n=$((n + 1)); done
    kill -0 "$p" 2>/dev/null && { log "pid $p still running 15 s after TERM: KILL"; kill -KILL "$p"; }
  done
  # Anything still running inside the namespaces this run created was started by this run.
  for ns in "$NSA" "$NSB"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
  done
  sleep 0.3
  ip netns del "$NSA" 2>/dev/null; ip netns del "$NSB" 2>/dev/null
  [ $CERTS_MOUNTPOINT_CREATED = 1 ] && rmdir /certs 2>/dev/null
  if [ $rc != 0 ]; then
    rm -rf "$CACHE/logs/last-failed-run"; mkdir -p "$CACHE/logs/last-failed-run"
    cp "$RUN"/*.log "$CACHE/logs/last-failed-run/" 2>/dev/null
    log "process logs kept in $CACHE/logs/last-failed-run"
  fi
  rm -rf "$RUN"
  log "done in $((SECONDS - T_START)) s, exit $rc"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_for SECONDS WHAT CMD...: polls CMD until it succeeds; says what it waited for and for how long.
wait_for() {
  local limit=$1 what=$2; shift 2
  local t0=$SECONDS
  until "$@" >/dev/null 2>&1; do
    if [ $((SECONDS - t0)) -ge "$limit" ]; then die "gave up after ${limit}s waiting for $what"; fi
    sleep 0.5
  done
  log "ready after $((SECONDS - t0)) s: $what"
}
# start NAME NETNS CMD...: starts CMD inside NETNS, logs to $RUN/NAME.log, records its pid.
start() {
  local name=$1 ns=$2; shift 2
  ip netns exec "$ns" "$@" > "$RUN/$name.log" 2>&1 &
  PIDS+=("$!")
  log "started $name (pid $!) in $ns"
}
alive() { kill -0 "$1" 2>/dev/null || die "$2 exited; last lines of its log:$(echo; tail -20 "$RUN/$2.log")"; }
ina() { ip netns exec "$NSA" "$@"; }

log "network namespaces $NSA and $NSB joined by a veth pair ($ADDR_A <-> $ADDR_B)"
ip netns add "$NSA"; ip netns add "$NSB"
ip link add "aigw$$a" type veth peer name "aigw$$b"
ip link set "aigw$$a" netns "$NSA"; ip link set "aigw$$b" netns "$NSB"
ina ip link set lo up; ina ip addr add "$ADDR_A/30" dev "aigw$$a"; ina ip link set "aigw$$a" up
ip netns exec "$NSB" ip link set lo up; ip netns exec "$NSB" ip addr add "$ADDR_B/30" dev "aigw$$b"; ip netns exec "$NSB" ip link set "aigw$$b" up

# --- credentials -----------------------------------------------------------------------------------------
TOKEN="$(openssl rand -hex 16)"
echo "$TOKEN,integration-admin,integration-admin,system:masters" > "$RUN/tokens.csv"
openssl genrsa -out "$RUN/sa.key" 2048 2>/dev/null
openssl rsa -in "$RUN/sa.key" -pubout -out "$RUN/sa.pub" 2>/dev/null
kubeconfig() { # kubeconfig FILE SERVER
  cat > "$1" <<KC
apiVersion: v1
kind: Config
clusters: [{name: it, cluster: {server: "$2", insecure-skip-tls-verify: true}}]
users: [{name: it, user: {token: "$TOKEN"}}]
contexts: [{name: it, context: {cluster: it, user: it}}]
current-context: it
KC
}
kubeconfig "$RUN/kubeconfig" "https://127.0.0.1:6443"
kubeconfig "$RUN/kubeconfig-b" "https://$ADDR_A:6443"
kubeconfig "$RUN/kubeconfig-v12" "https://127.0.0.1:7443"
export KUBECONFIG="$RUN/kubeconfig"
K() { ina "$KUBECTL" --kubeconfig "$RUN/kubeconfig" "$@"; }

# start_apiserver NAME ETCD_CLIENT_PORT ETCD_PEER_PORT API_PORT BIND
start_apiserver() {
  local name=$1 cport=$2 pport=$3 aport=$4 bind=$5
  start "etcd-$name" "$NSA" "$ETCD" --name "$name" --data-dir "$RUN/etcd-$name" --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$cport" --advertise-client-urls "http://127.0.0.1:$cport" \
    --listen-peer-urls "http://127.0.0.1:$pport" --initial-advertise-peer-urls "http://127.0.0.1:$pport" \
    --initial-cluster "$name=http://127.0.0.1:$pport" --log-level warn
  local etcdpid=${PIDS[-1]}
  wait_for 60 "etcd ($name) serving on 127.0.0.1:$cport" ina bash -c "exec 3<>/dev/tcp/127.0.0.1/$cport"
  start "kube-apiserver-$name" "$NSA" "$APISERVER" --etcd-servers "http://127.0.0.1:$cport" \
    --bind-address "$bind" --secure-port "$aport" --advertise-address "$ADDR_A" --cert-dir "$RUN/apiserver-$name" \
    --token-auth-file "$RUN/tokens.csv" --authorization-mode AlwaysAllow \
    --service-account-key-file "$RUN/sa.pub" --service-account-signing-key-file "$RUN/sa.key" \
    --service-account-issuer https://kubernetes.default.svc --service-cluster-ip-range 10.96.0.0/16 \
    --enable-priority-and-fairness=false --storage-media-type application/json \
    --etcd-prefix "/registry-$name" --v 1
  local apipid=${PIDS[-1]}
  wait_for 180 "kube-apiserver ($name) /readyz on :$aport" \
    ina "$KUBECTL" --kubeconfig "$RUN/kubeconfig" --server "https://127.0.0.1:$aport" get --raw /readyz
  alive "$etcdpid" "etcd-$name"; alive "$apipid" "kube-apiserver-$name"
}

# install_crds KUBECONFIG DIR...: server-side applies every CRD file in DIRs (read from ../shared/crds, never copied).
install_crds() {
  local kc=$1; shift
  local files=()
  for d in "$@"; do for f in "$CRDS/$d"/*.yaml; do
    case "$f" in *vap_*) continue;; esac   # a ValidatingAdmissionPolicy guarding channel upgrades, not a CRD
    files+=(-f "$f")
  done; done
  ina "$KUBECTL" --kubeconfig "$kc" apply --server-side --force-conflicts "${files[@]}" > "$RUN/crds-$(basename "$kc").log"
  wait_for 120 "CRDs from ${*} Established" ina "$KUBECTL" --kubeconfig "$kc" wait --for condition=Established --timeout 5s crd --all
}

log "starting etcd and kube-apiserver $KUBE_VERSION (Gateway API v1.6.1 experimental channel)"
start_apiserver main 2379 2380 6443 0.0.0.0
install_crds "$RUN/kubeconfig" gateway-api/v1.6.1-experimental envoy-gateway/v1.8.1 ai-gateway/v1.1.0 cert-manager/v1.21.1 inference-extension/v1.6.0
K create namespace envoy-gateway-system >/dev/null
K create namespace cert-manager >/dev/null

COMPONENTS=""
# --- BIND (authoritative for the ACME test zone, TSIG-signed dynamic updates) and Pebble (the ACME server) -----
# Both are children of this run, on loopback inside namespace A, with their files under $RUN. Pebble resolves the
# DNS-01 challenges through BIND; cert-manager checks propagation against BIND only.
ACME_ZONE=example.test
DNS_ADDR=127.0.0.1:10053
TSIG_KEY_NAME=acme-update
mkdir -p "$RUN/bind" "$RUN/pebble"
tsig-keygen -a hmac-sha256 "$TSIG_KEY_NAME" > "$RUN/bind/tsig.key"
TSIG_SECRET=$(sed -n 's/.*secret "\(.*\)";.*/\1/p' "$RUN/bind/tsig.key")
[ -n "$TSIG_SECRET" ] || die "tsig-keygen printed no secret: $(cat "$RUN/bind/tsig.key")"
cat > "$RUN/bind/$ACME_ZONE.zone" <<ZONE
\$TTL 60
@    IN SOA ns1.$ACME_ZONE. hostmaster.$ACME_ZONE. 1 60 60 600 10
@    IN NS  ns1.$ACME_ZONE.
ns1  IN A   127.0.0.1
ZONE
cat > "$RUN/bind/named.conf" <<CONF
options {
  directory "$RUN/bind";
  pid-file "$RUN/bind/named.pid";
  session-keyfile "$RUN/bind/session.key";
  managed-keys-directory "$RUN/bind";
  listen-on port ${DNS_ADDR#*:} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  allow-query { any; };
  notify no;
};
controls { };
include "$RUN/bind/tsig.key";
zone "$ACME_ZONE" { type primary; file "$RUN/bind/$ACME_ZONE.zone"; allow-update { key "$TSIG_KEY_NAME"; }; };
CONF
ACME_DIRECTORY=""
if [ -x "$PEBBLE" ]; then
  start named "$NSA" named -g -4 -c "$RUN/bind/named.conf"
  NAMED_PID=${PIDS[-1]}
  wait_for 30 "BIND (named) serving the zone $ACME_ZONE on $DNS_ADDR" ina bash -c "exec 3<>/dev/tcp/127.0.0.1/${DNS_ADDR#*:}"
  alive "$NAMED_PID" named
  node -e '
    const [src, dst, dir] = process.argv.slice(1);
    const c = JSON.parse(require("fs").readFileSync(src, "utf8"));
    Object.assign(c.pebble, { listenAddress: "127.0.0.1:14000", managementListenAddress: "127.0.0.1:15000",
      certificate: dir + "/cert.pem", privateKey: dir + "/key.pem" });
    require("fs").writeFileSync(dst, JSON.stringify(c, null, 2));' "$PEBBLE_FILES/pebble-config.json" "$RUN/pebble/pebble-config.json" "$PEBBLE_FILES"
  start pebble "$NSA" env PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 "$PEBBLE" -config "$RUN/pebble/pebble-config.json" -dnsserver "$DNS_ADDR"
  PEBBLE_PID=${PIDS[-1]}
  ACME_DIRECTORY="https://127.0.0.1:14000/dir"
  wait_for 60 "Pebble's ACME directory on 127.0.0.1:14000" ina bash -c "exec 3<>/dev/tcp/127.0.0.1/14000"
  alive "$PEBBLE_PID" pebble
  COMPONENTS="$COMPONENTS acme"
else
  log "SKIPPED Pebble and BIND: Pebble did not build (see $CACHE/logs/build-pebble.log); ACME verdicts will fail"
fi

# --- cert-manager webhook + controller --------------------------------------------------------------------
if [ -x "$CMW" ] && [ -x "$CMC" ]; then
  mkdir -p "$RUN/cm-webhook"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=cert-manager-webhook" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$RUN/cm-webhook/tls.key" -out "$RUN/cm-webhook/tls.crt" 2>/dev/null
  start cert-manager-webhook "$NSA" "$CMW" --kubeconfig "$RUN/kubeconfig" --secure-port 10250 --healthz-port 6080 \
    --tls-cert-file "$RUN/cm-webhook/tls.crt" --tls-private-key-file "$RUN/cm-webhook/tls.key" --metrics-listen-address 127.0.0.1:9412
  CMW_PID=${PIDS[-1]}
  wait_for 60 "cert-manager webhook healthz on 127.0.0.1:6080" ina bash -c "exec 3<>/dev/tcp/127.0.0.1/6080"
  CA=$(base64 -w0 < "$RUN/cm-webhook/tls.crt")
  K apply -f - >/dev/null <<WH
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: cert-manager-webhook}
webhooks:
- name: webhook.cert-manager.io
  admissionReviewVersions: [v1]
  sideEffects: None
  failurePolicy: Fail
  timeoutSeconds: 10
  clientConfig: {url: "https://127.0.0.1:10250/validate", caBundle: "$CA"}
  rules:
  - apiGroups: [cert-manager.io, acme.cert-manager.io]
    apiVersions: ["v1"]
    operations: [CREATE, UPDATE]
    resources: ["*/*"]
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: cert-manager-webhook}
webhooks:
- name: webhook.cert-manager.io
  admissionReviewVersions: [v1]
  sideEffects: None
  failurePolicy: Fail
  timeoutSeconds: 10
  clientConfig: {url: "https://127.0.0.1:10250/mutate", caBundle: "$CA"}
  rules:
  - apiGroups: [cert-manager.io]
    apiVersions: ["v1"]
    operations: [CREATE]
    resources: ["certificaterequests"]
WH
  start cert-manager-controller "$NSA" "$CMC" --kubeconfig "$RUN/kubeconfig" --leader-elect=false \
    --cluster-resource-namespace cert-manager --metrics-listen-address 127.0.0.1:9402 --enable-profiling=false \
    --dns01-recursive-nameservers-only --dns01-recursive-nameservers="$DNS_ADDR"
  CMC_PID=${PIDS[-1]}
  sleep 2; alive "$CMW_PID" cert-manager-webhook; alive "$CMC_PID" cert-manager-controller
  COMPONENTS="$COMPONENTS cert-manager"
else
  log "SKIPPED cert-manager: its binaries did not build (see $CACHE/logs/build-cert_manager.log)"
fi

# --- Envoy AI Gateway controller (namespace B) ------------------------------------------------------------
if [ -x "$AIGW" ]; then
  mkdir -p "$RUN/aigw-certs"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=ai-gateway-controller" -addext "subjectAltName=IP:$ADDR_B" \
    -keyout "$RUN/aigw-certs/tls.key" -out "$RUN/aigw-certs/tls.crt" 2>/dev/null
  cp "$RUN/aigw-certs/tls.crt" "$RUN/aigw-certs/ca.crt"
  # The controller patches the caBundle of this configuration at start and exits without it; it matches no object.
  K apply -f - >/dev/null <<WH
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: envoy-ai-gateway-gateway-pod-mutator.envoy-ai-gateway-system}
webhooks:
- name: pod-mutator.ai-gateway.envoyproxy.io
  admissionReviewVersions: [v1]
  sideEffects: None
  failurePolicy: Ignore
  clientConfig: {url: "https://$ADDR_B:9443/mutate"}
  objectSelector: {matchLabels: {cdk8s-ai-gateway-integration/never: "true"}}
  rules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]
WH
  start ai-gateway-controller "$NSB" env POD_NAMESPACE=envoy-ai-gateway-system KUBECONFIG="$RUN/kubeconfig-b" \
    "$AIGW" -enableLeaderElection=false -tlsCertDir "$RUN/aigw-certs" -envoyGatewayNamespace envoy-gateway-system
  AIGW_PID=${PIDS[-1]}
  wait_for 90 "AI Gateway extension server on $ADDR_B:1063" ina bash -c "exec 3<>/dev/tcp/$ADDR_B/1063"
  alive "$AIGW_PID" ai-gateway-controller
  COMPONENTS="$COMPONENTS ai-gateway"
else
  log "SKIPPED Envoy AI Gateway: its controller did not build (see $CACHE/logs/build-ai_gateway.log)"
fi

# --- Envoy Gateway ----------------------------------------------------------------------------------------
if [ -x "$EG" ]; then
  # certgen patches the caBundle of the topology injector's webhook configuration; one that matches nothing serves.
  K apply -f - >/dev/null <<WH
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: envoy-gateway-topology-injector.envoy-gateway-system}
webhooks:
- name: topology.webhook.gateway.envoyproxy.io
  admissionReviewVersions: [v1]
  sideEffects: None
  failurePolicy: Ignore
  clientConfig: {url: "https://127.0.0.1:9443/inject-pod-topology"}
  objectSelector: {matchLabels: {cdk8s-ai-gateway-integration/never: "true"}}
  rules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods/binding]}]
WH
  ina env KUBECONFIG="$RUN/kubeconfig" ENVOY_GATEWAY_NAMESPACE=envoy-gateway-system "$EG" certgen > "$RUN/eg-certgen.log" 2>&1 \
    || die "envoy-gateway certgen failed: $(tail -5 "$RUN/eg-certgen.log")"
  mkdir -p "$RUN/eg-certs"
  for key in ca.crt tls.crt tls.key; do
    K -n envoy-gateway-system get secret envoy-gateway -o "jsonpath={.data.${key//./\\.}}" | base64 -d > "$RUN/eg-certs/$key"
  done
  cat > "$RUN/envoy-gateway.yaml" <<CFG
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyGateway
gateway: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
provider: {type: Kubernetes}
logging: {level: {default: info}}
extensionApis: {enableBackend: true}
CFG
  if [ -x "$AIGW" ]; then cat >> "$RUN/envoy-gateway.yaml" <<CFG
extensionManager:
  hooks:
    xdsTranslator:
      translation:
        listener: {includeAll: true}
        route: {includeAll: true}
        cluster: {includeAll: true}
        secret: {includeAll: true}
      post: [Translation, Cluster, Route]
  service:
    fqdn: {hostname: "$ADDR_B", port: 1063}
  backendResources:
  - {group: inference.networking.k8s.io, kind: InferencePool, version: v1}
CFG
  fi
  # Envoy Gateway reads its xDS certificate from the fixed path /certs: bind-mount ours there in a private mount namespace.
  if [ ! -e /certs ]; then mkdir /certs; CERTS_MOUNTPOINT_CREATED=1; fi
  start envoy-gateway "$NSA" unshare -m --propagation private sh -c \
    "mount --bind '$RUN/eg-certs' /certs && exec env KUBECONFIG='$RUN/kubeconfig' ENVOY_GATEWAY_NAMESPACE=envoy-gateway-system '$EG' server --config-path '$RUN/envoy-gateway.yaml'"
  EG_PID=${PIDS[-1]}
  wait_for 120 "Envoy Gateway xDS server on 127.0.0.1:18000" ina bash -c "exec 3<>/dev/tcp/127.0.0.1/18000"
  alive "$EG_PID" envoy-gateway
  COMPONENTS="$COMPONENTS envoy-gateway"
else
  log "SKIPPED Envoy Gateway: it did not build (see $CACHE/logs/build-envoy_gateway.log)"
fi

# --- a second API server with the Gateway API v1.2.0 CRDs, for Proof 2's v1.2.0 cases -------------------------
log "starting a second etcd + kube-apiserver for Gateway API v1.2.0"
start_apiserver v12 2479 2480 7443 127.0.0.1
install_crds "$RUN/kubeconfig-v12" gateway-api/v1.2.0-experimental

log "control planes up:$COMPONENTS (+ kube-apiserver x2, etcd x2)"
# INTEGRATION_HOST_NETNS: the network namespace this script runs in (the proofs run in $NSA, which has no way out);
# proof 4 installs its app's packages from the registry there (nsenter --net), and runs nothing else there.
export INTEGRATION_RUN_DIR="$RUN" INTEGRATION_KUBECTL="$KUBECTL" INTEGRATION_COMPONENTS="$COMPONENTS" \
  INTEGRATION_KUBECONFIG="$RUN/kubeconfig" INTEGRATION_KUBECONFIG_V12="$RUN/kubeconfig-v12" \
  INTEGRATION_KUBECONFORM="$KUBECONFORM" INTEGRATION_CACHE="$CACHE" INTEGRATION_CRDS="$CRDS" \
  INTEGRATION_BUILD_STATUS="$build_status" INTEGRATION_ACME_DIRECTORY="$ACME_DIRECTORY" \
  INTEGRATION_ACME_CA_FILE="$PEBBLE_FILES/pebble.minica.pem" INTEGRATION_ACME_NAMESERVER="$DNS_ADDR" \
  INTEGRATION_ACME_ZONE="$ACME_ZONE" INTEGRATION_TSIG_KEY_NAME="$TSIG_KEY_NAME" INTEGRATION_TSIG_SECRET="$TSIG_SECRET" \
  INTEGRATION_HOST_NETNS="/proc/$$/ns/net"
cd "$REPO"
ina node "$REPO/node_modules/.bin/ts-node" --transpile-only --project scripts/tsconfig.json scripts/integration/proofs.ts
