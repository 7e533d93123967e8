#!/usr/bin/env bash
# `npx projen test:packages`: the Python, Java and Go packages in dist/ (written by package:python, package:java,
# package:go) are installed into smoke apps (examples/python, examples/java, examples/go) that declare what
# examples/polyglot.ts declares; each must synthesize YAML (and the known-objects file beside it) byte-identical to
# the TypeScript output.
# Installs: the wheel into a fresh venv (cdk8s, cdk8s-plus-28, constructs pinned to node_modules' versions, from
# PyPI); the jar through dist/java as a local Maven repository; the Go module through a `replace` to dist/go.
# Writes only under dist/ (dist/polyglot/, and the packages it builds when absent) and caches under ~/.cache; leaves
# the checkout as it found it.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out=$root/dist/polyglot
# The Maven repository bindings.sh fills (same cache root: CDK8S_AIGW_CACHE, else $XDG_CACHE_HOME, else ~/.cache).
if [ -n "${CDK8S_AIGW_CACHE:-}" ]; then m2="$CDK8S_AIGW_CACHE/m2"; else m2="${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-ai-gateway-m2"; fi
yaml=polyglot.k8s.yaml

version=$(node -p "require('./package.json').version")
dep_version() { node -p "require('./node_modules/$1/package.json').version"; }

# Run on its own (after `npm ci`), it builds what is missing: lib/ when stale, then each absent package.
for d in python java go; do
  if [ -z "$(ls -A "dist/$d" 2>/dev/null)" ]; then
    echo "test:packages: dist/$d is empty: building it (npx projen package:$d, after compiling lib/ when stale)" >&2
    bash scripts/library-tarball.sh > /dev/null
    npx projen "package:$d"
  fi
done
rm -rf "$out"
mkdir -p "$out"

timings=()
timed() { # timed NAME COMMAND...: runs the command and records its duration
  local name=$1 start
  shift
  start=$(date +%s)
  "$@"
  timings+=("$name $(( $(date +%s) - start ))s")
}

# --- TypeScript: the reference output.
typescript() {
  TS_NODE_TRANSPILE_ONLY=1 npx ts-node --project examples/tsconfig.json examples/polyglot.ts "$out/typescript"
}

# --- Python: the wheel in a fresh venv.
python() {
  local venv="$out/venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check dist/python/*.whl \
    "cdk8s==$(dep_version cdk8s)" "cdk8s-plus-28==$(dep_version cdk8s-plus-28)" "constructs==$(dep_version constructs)"
  "$venv/bin/python" examples/python/app.py "$out/python"
}

# --- Java: dist/java is a Maven repository; cdk8s and cdk8s-plus-28 come from their local builds.
java() {
  mkdir -p "$m2"
  # The package's version does not change between builds: never reuse a jar an earlier run copied into the cache.
  rm -rf "$m2/io/github/cdk8s-ai-gateway"
  mvn -B -q -f examples/java/pom.xml -Dmaven.repo.local="$m2" \
    -Dcdk8s-ai-gateway.version="$version" -Dcdk8s.version="$(dep_version cdk8s)" \
    -Dcdk8s-plus-28.version="$(dep_version cdk8s-plus-28)" -Dconstructs.version="$(dep_version constructs)" \
    -DbuildDirectory="$out/java-build" \
    compile exec:java -Dexec.args="$out/java"
}

# --- Go: a copy of examples/go whose replace directives point at dist/go and the local cdk8s bindings.
go_app() {
  local app="$out/go-app"
  cp -r examples/go "$app"
  (
    cd "$app"
    go mod edit \
      -replace "github.com/cdk8s-ai-gateway/cdk8s-ai-gateway-go/cdk8saigateway=$root/dist/go/cdk8saigateway" \
      -replace "github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2=$root/node_modules/cdk8s/dist/go/cdk8s" \
      -replace "github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2=$root/node_modules/cdk8s-plus-28/dist/go/cdk8splus28"
    go mod tidy
    go run . "$out/go"
  )
}

timed typescript typescript
timed python python
timed java java
timed go go_app

failed=0
for lang in python java go; do
  if [ "$(cd "$out/typescript" && ls)" != "$(cd "$out/$lang" && ls)" ]; then
    echo "test:packages: $lang wrote $(cd "$out/$lang" && ls | tr '\n' ' '), TypeScript $(cd "$out/typescript" && ls | tr '\n' ' ')" >&2
    failed=1
    continue
  fi
  # Every file: the YAML and the known objects the synth writes beside it (cdk8s-ai-gateway.known).
  for file in $(cd "$out/typescript" && ls); do
    if cmp -s "$out/typescript/$file" "$out/$lang/$file"; then
      if [ "$file" = "$yaml" ]; then
        echo "test:packages: $lang: $yaml identical to TypeScript's ($(wc -l < "$out/$lang/$yaml") lines, $(grep -c '^kind:' "$out/$lang/$yaml") objects)"
      else
        echo "test:packages: $lang: $file identical to TypeScript's"
      fi
    else
      echo "test:packages: $lang: $file differs from TypeScript's:" >&2
      diff -u "$out/typescript/$file" "$out/$lang/$file" | head -40 >&2 || true
      failed=1
    fi
  done
done
echo "test:packages: times: ${timings[*]}"
exit $failed
