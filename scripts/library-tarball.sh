#!/usr/bin/env bash
# library-tarball.sh [LOG]: prints the path of the packed library (dist/js/cdk8s-ai-gateway@VERSION.jsii.tgz), first
# compiling and packing it (npx projen compile && npx projen package:js, output to LOG) when it or lib/ is absent or
# older than a source file, so that the commands that install it (the smoke app, the integration proofs) work on their
# own after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
log=${1:-/dev/stderr}
version=$(node -p "require('./package.json').version")
tarball="$PWD/dist/js/cdk8s-ai-gateway@$version.jsii.tgz"
stale() {
  [ -f "$tarball" ] && [ -f lib/src/validation/cli.js ] || return 0
  [ -n "$(find src imports schemas package.json -newer "$tarball" -print -quit)" ]
}
if stale; then
  echo "library-tarball: compiling the library and packing it (npx projen compile && npx projen package:js): $tarball or lib/ is absent or older than src/" >&2
  start=$SECONDS
  if ! { npx projen compile && npx projen package:js; } >> "$log" 2>&1; then
    echo "library-tarball: the library did not build; see $log" >&2
    [ "$log" = /dev/stderr ] || tail -20 "$log" >&2
    exit 1
  fi
  echo "library-tarball: built in $((SECONDS - start)) s" >&2
fi
[ -f "$tarball" ] || { echo "library-tarball: $tarball is absent after the build" >&2; exit 1; }
echo "$tarball"
