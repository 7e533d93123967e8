# Pinned versions of the programs the integration proofs run; the build cache is keyed by them.
ETCD_VERSION=3.6.16
KUBE_VERSION=1.36.3
EG_VERSION=v1.8.1
AIGW_VERSION=v1.1.0
CM_VERSION=v1.21.1
KUBECONFORM_VERSION=v0.8.0
CACHE="${CDK8S_AIGW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-ai-gateway-integration}"
PEBBLE_VERSION=v2.10.1
