module example.com/cdk8s-ai-gateway-go-smoke

go 1.25

require github.com/cdk8s-ai-gateway/cdk8s-ai-gateway-go/cdk8saigateway v0.0.0

// The package and the cdk8s bindings built here (scripts/polyglot/run.sh points these at absolute paths in a copy).
replace github.com/cdk8s-ai-gateway/cdk8s-ai-gateway-go/cdk8saigateway => ../../dist/go/cdk8saigateway

replace github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 => ../../node_modules/cdk8s/dist/go/cdk8s

replace github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2 => ../../node_modules/cdk8s-plus-28/dist/go/cdk8splus28
