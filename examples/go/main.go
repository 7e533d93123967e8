// The Go smoke app: the declaration of examples/polyglot.ts, through the generated cdk8saigateway module
// (go.mod replaces it, and the cdk8s / cdk8s-plus-28 bindings, with the locally built ones).
//
//	go run . OUTDIR   # writes OUTDIR/polyglot.k8s.yaml, byte-identical to the TypeScript output
package main

import (
	"os"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-ai-gateway/cdk8s-ai-gateway-go/cdk8saigateway"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
)

func buildPolyglotApp(outdir string) cdk8s.App {
	app := cdk8s.NewApp(&cdk8s.AppProps{Outdir: jsii.String(outdir)})
	chart := cdk8s.NewChart(app, jsii.String("polyglot"), &cdk8s.ChartProps{DisableResourceNameHashes: jsii.Bool(true)})

	domain := cdk8saigateway.NewPlatformDomain(chart, jsii.String("domain"), &cdk8saigateway.PlatformDomainProps{
		BaseDomain: jsii.String("nvcf.example.com"),
	})
	tls := cdk8saigateway.NewWildcardTls(chart, jsii.String("tls"), &cdk8saigateway.WildcardTlsProps{
		Domain:    domain,
		Namespace: jsii.String("envoy-gateway"),
		Mode:      cdk8saigateway.TlsMode_SelfSigned(nil),
	})
	gateway := cdk8saigateway.NewNvcfGateway(chart, jsii.String("gateway"), &cdk8saigateway.NvcfGatewayProps{
		Domain: domain.BaseDomain(),
		Https:  cdk8saigateway.HttpsTermination_AtGateway(&cdk8saigateway.GatewayHttpsOptions{Certificate: tls}),
	})
	gateway.AddNamespace(cdk8saigateway.PlatformNamespace_Create(jsii.String("nrp-llm"), nil))

	qwen := jsii.String("Qwen/Qwen3-235B-A22B-Thinking-2507-FP8")
	nrp := cdk8saigateway.AiBackend_FromFqdn(jsii.String("qwen-vllm-inference.nrp-llm.svc.cluster.local"), jsii.Number(5000),
		&cdk8saigateway.AiBackendOptions{
			Name: jsii.String("envoy-ai-gateway-nrp-qwen"),
			Credential: cdk8saigateway.BackendCredential_ApiKey(&cdk8saigateway.SecretKeyCredentialOptions{
				SecretName: jsii.String("openai-apikey"),
				PolicyName: jsii.String("envoy-ai-gateway-nrp-apikey"),
			}),
		})
	sdsc := cdk8saigateway.AiBackend_FromFqdn(jsii.String("qwen3.nairr.sdsc.edu"), jsii.Number(443),
		&cdk8saigateway.AiBackendOptions{Name: jsii.String("envoy-ai-gateway-sdsc-nairr-qwen3")})

	route := cdk8saigateway.NewAiModelRoute(chart, jsii.String("models"), &cdk8saigateway.AiModelRouteProps{
		Gateway:       gateway,
		Name:          jsii.String("envoy-ai-gateway-nrp-qwen"),
		Namespace:     jsii.String("nrp-llm"),
		ModelsOwnedBy: jsii.String("NRP"),
		Timeouts:      &cdk8saigateway.AiModelTimeouts{Request: cdk8s.Duration_Seconds(jsii.Number(1200))},
		LlmRequestCosts: &[]cdk8saigateway.LlmRequestCost{
			cdk8saigateway.LlmRequestCost_InputToken(jsii.String("llm_input_token")),
			cdk8saigateway.LlmRequestCost_OutputToken(jsii.String("llm_output_token")),
			cdk8saigateway.LlmRequestCost_TotalToken(jsii.String("llm_total_token")),
		},
	})
	route.AddModel(&cdk8saigateway.AiModel{
		Name:     jsii.String("qwen3"),
		Backends: &[]*cdk8saigateway.AiModelBackend{{Backend: nrp, ModelNameOverride: qwen}},
	})
	route.AddModel(&cdk8saigateway.AiModel{
		Name:          jsii.String("qwen3-nairr"),
		Backends:      &[]*cdk8saigateway.AiModelBackend{{Backend: sdsc, ModelNameOverride: qwen}},
		ModelsOwnedBy: jsii.String("SDSC"),
	})
	route.AddModel(&cdk8saigateway.AiModel{
		Name: jsii.String("qwen3-combined"),
		Backends: &[]*cdk8saigateway.AiModelBackend{
			{Backend: nrp, ModelNameOverride: qwen},
			{Backend: sdsc, ModelNameOverride: qwen},
		},
	})
	return app
}

func main() {
	outdir := "dist"
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	buildPolyglotApp(outdir).Synth()
}
