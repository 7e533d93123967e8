#!/usr/bin/env bash
# The Java and Go bindings of cdk8s and cdk8s-plus-28, built locally with jsii-pacmak: Maven Central as served
# here lacks org.cdk8s:cdk8s-plus-28 and the Go module proxy refuses cdk8s-core-go / cdk8s-plus-go.
# jsii-pacmak, packaging this library, reads <dependency>/dist/java as a local Maven repository and points Go
# `replace` directives at <dependency>/dist/go, so each dependency's bindings are linked there.
# Built once per dependency version into ~/.cache/cdk8s-ai-gateway-bindings/ (outside the checkout), then reused.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The same cache root as the integration harness (scripts/integration/versions.sh): CDK8S_AIGW_CACHE, else
# $XDG_CACHE_HOME, else ~/.cache; so one variable gives a run with nothing cached.
if [ -n "${CDK8S_AIGW_CACHE:-}" ]; then
  cache="$CDK8S_AIGW_CACHE/bindings" m2="$CDK8S_AIGW_CACHE/m2"
else
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-ai-gateway-bindings" m2="${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-ai-gateway-m2"
fi
mkdir -p "$cache" "$m2"

# The generated code depends on jsii-pacmak's version too: it is part of the cache key.
pacmak=$(node -p "require('./node_modules/jsii-pacmak/package.json').version")

# In dependency order: cdk8s-plus-28's Java build needs cdk8s's jar.
for dep in cdk8s cdk8s-plus-28; do
  dir="node_modules/$dep"
  version=$(node -p "require('./$dir/package.json').version")
  out="$cache/$dep-$version-pacmak-$pacmak"
  if [ -f "$out/.complete" ] && [ -d "$out/java" ] && [ -d "$out/go" ]; then
    echo "bindings: $dep@$version (java, go) reused from $out"
  else
    echo "bindings: building $dep@$version (java, go) into $out"
    rm -rf "$out"
    start=$(date +%s)
    npx jsii-pacmak "$dir" --target java --target go --outdir "$out" --no-npmignore \
      --maven-local-repository "$m2"
    touch "$out/.complete"
    echo "bindings: $dep@$version built in $(( $(date +%s) - start ))s"
  fi
  if [ -e "$dir/dist" ] && [ ! -L "$dir/dist" ]; then
    echo "bindings: $dir/dist exists and is not ours (a link into $cache): remove it, or reinstall $dep." >&2
    exit 1
  fi
  ln -sfn "$out" "$dir/dist"
done
