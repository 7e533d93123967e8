#!/usr/bin/env bash
# `npm run test:smoke-app`: the packed library in a cdk8s app outside the repository, on the Node.js first on PATH.
# The app is created as cdk8s users create one, `cdk8s init typescript-app` (the cdk8s-cli of node_modules); its last
# steps (`cdk8s import`, then compile, test and synth of the template) need GitHub, which is not reachable here, so
# only that failure is tolerated: the template's files and its `npm install` are then in place. Then it installs the
# tarball (dist/js, built first when stale), replaces main.ts with scripts/smoke-app/main.ts, appends to cdk8s.yaml the
# README's plugin block for a local or unpublished build (`package: ./node_modules/cdk8s-ai-gateway`), taken from README.md
# and checks, with the app's own cdk8s-cli:
#   1. `cdk8s synth` passes, the plugin reports success (Pod Security `restricted` included: the endpoint picker's
#      Deployment), and `cdk8s-ai-gateway validate dist --pod-security restricted` (the package's CLI) passes on the
#      output folder, skipping construct-metadata.json;
#   2. with a Gateway made invalid behind the library's back (SMOKE_APP_BROKEN=1, synth-time check off), `cdk8s synth`
#      fails and the plugin's report names that Gateway's construct, not another object of the same name.
# SMOKE_APP_DIR keeps the app there (else a new temporary folder, removed on success).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
log() { printf '[smoke-app node %s +%ss] %s\n' "$(node -v)" "$SECONDS" "$*"; }
die() { log "FAILED: $*"; exit 1; }

tarball=$("$REPO/scripts/library-tarball.sh")
app=${SMOKE_APP_DIR:-$(mktemp -d)/ai-gateway-app}
rm -rf "$app"; mkdir -p "$app"; cd "$app"

log "cdk8s init typescript-app in $app"
if ! "$REPO/node_modules/.bin/cdk8s" init typescript-app > ../init.log 2>&1; then
  grep -q 'Command failed: npm run import' ../init.log && [ -f package.json ] && [ -f cdk8s.yaml ] && [ -d node_modules/cdk8s-cli ] \
    || { tail -30 ../init.log; die "cdk8s init typescript-app failed (log above)"; }
  log "cdk8s init: the template's 'cdk8s import' step failed (it fetches Kubernetes schemas from GitHub); the app's files and npm install are in place"
fi
rm -rf main.test.ts __snapshots__ imports

log "npm install $tarball"
npm install --no-audit --no-fund --loglevel=error "$tarball" > ../install.log 2>&1 || { tail -30 ../install.log; die "npm install of the tarball failed"; }
node -e "const p=require('./package.json'); if (!String(p.dependencies['cdk8s-ai-gateway']).startsWith('file:')) process.exit(1)" \
  || die "package.json does not depend on the tarball"
[ -d node_modules/cdk8s-plus-28 ] || die "npm did not install the peer dependency cdk8s-plus-28"

cp "$REPO/scripts/smoke-app/main.ts" main.ts
# cdk8s.yaml: the template's, with the README's plugin block for a local or unpublished build, as documented.
block=$(awk '/^# cdk8s.yaml of an app that installs a local or unpublished build$/ { on = 1; next } on && /^```/ { exit } on' "$REPO/README.md")
grep -q '^  - package: ./node_modules/cdk8s-ai-gateway$' <<< "$block" || die "the README's plugin block for a local build is missing or changed: '$block'"
sed -i '/^imports:/,$d' cdk8s.yaml
printf '%s\n' "$block" >> cdk8s.yaml

log "1. npx cdk8s synth"
npx cdk8s synth > ../synth.log 2>&1 || { tail -60 ../synth.log; die "cdk8s synth failed (log above)"; }
grep -q 'Validations ended succesfully' ../synth.log || { tail -60 ../synth.log; die "the plugin did not report success"; }
grep -Eq 'Status +│ success' ../synth.log || die "no 'Status success' in the validation report"
[ -f dist/ai-gateway.k8s.yaml ] && [ -f dist/construct-metadata.json ] && [ -f dist/cdk8s-ai-gateway.constructs ] \
  || die "dist/ lacks ai-gateway.k8s.yaml, construct-metadata.json or cdk8s-ai-gateway.constructs: $(ls dist)"
grep -q '^  name: llama$' dist/ai-gateway.k8s.yaml || die "the InferenceRoute without a name is not the HTTPRoute 'llama'"
models=$(grep -c 'x-ai-eg-model' dist/ai-gateway.k8s.yaml || true)
[ "$models" -ge 2 ] || die "expected the 2 models in the AIGatewayRoute, found $models model matches"
npx cdk8s-ai-gateway validate dist --strict --pod-security restricted > ../validate.out 2> ../validate.err || { cat ../validate.out ../validate.err; die "cdk8s-ai-gateway validate dist failed"; }
grep -q "skipped dist/construct-metadata.json: cdk8s-cli's construct metadata" ../validate.err \
  || { cat ../validate.err; die "validate dist did not name construct-metadata.json as skipped"; }
log "   synth ok ($(grep -c '^kind:' dist/ai-gateway.k8s.yaml) objects), plugin success, validate dist: $(tail -1 ../validate.out)"

log "2. SMOKE_APP_BROKEN=1 npx cdk8s synth: the plugin must fail and name the Gateway's construct"
if SMOKE_APP_BROKEN=1 npx cdk8s synth > ../broken.log 2>&1; then die "cdk8s synth passed with an invalid Gateway"; fi
expected=$(sed -n 's/^smoke-app: broken Gateway at construct path //p' ../broken.log)
[ -n "$expected" ] || { tail -40 ../broken.log; die "the app did not print the broken Gateway's path"; }
# The occurrence of the violation: its construct path, then its resource name.
grep -A2 "Construct Path: $expected\$" ../broken.log | grep -q 'Resource Name: llm/ai (Gateway)' \
  || { sed -n '/(Violations)/,$p' ../broken.log | head -40; die "the report does not name construct $expected for Gateway llm/ai"; }
[ "$(grep -c 'Construct Path:' ../broken.log)" = 1 ] || die "expected exactly one occurrence in the report"
log "   the report names $expected (resource llm/ai (Gateway)) for spec.listeners[0].port"

[ -n "${SMOKE_APP_DIR:-}" ] || rm -rf "$(dirname "$app")"
log "ok"
