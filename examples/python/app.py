"""The Python smoke app: the declaration of examples/polyglot.ts, through the cdk8s-ai-gateway wheel.

    python app.py OUTDIR   # writes OUTDIR/polyglot.k8s.yaml, byte-identical to the TypeScript output
"""
import sys

from cdk8s import App, Chart, Duration
from cdk8s_ai_gateway import (
    AiBackend, AiModelBackend, AiModelRoute, AiModelTimeouts, BackendCredential, HttpsTermination, LlmRequestCost,
    NvcfGateway, PlatformDomain, PlatformNamespace, TlsMode, WildcardTls,
)


def build_polyglot_app(outdir: str) -> App:
    app = App(outdir=outdir)
    chart = Chart(app, "polyglot", disable_resource_name_hashes=True)

    domain = PlatformDomain(chart, "domain", base_domain="nvcf.example.com")
    tls = WildcardTls(chart, "tls", domain=domain, namespace="envoy-gateway", mode=TlsMode.self_signed())
    gateway = NvcfGateway(chart, "gateway",
                          domain=domain.base_domain,
                          https=HttpsTermination.at_gateway(certificate=tls))
    gateway.add_namespace(PlatformNamespace.create("nrp-llm"))

    qwen = "Qwen/Qwen3-235B-A22B-Thinking-2507-FP8"
    nrp = AiBackend.from_fqdn("qwen-vllm-inference.nrp-llm.svc.cluster.local", 5000,
                              name="envoy-ai-gateway-nrp-qwen",
                              credential=BackendCredential.api_key(secret_name="openai-apikey",
                                                                   policy_name="envoy-ai-gateway-nrp-apikey"))
    sdsc = AiBackend.from_fqdn("qwen3.nairr.sdsc.edu", 443, name="envoy-ai-gateway-sdsc-nairr-qwen3")

    route = AiModelRoute(chart, "models",
                         gateway=gateway,
                         name="envoy-ai-gateway-nrp-qwen",
                         namespace="nrp-llm",
                         models_owned_by="NRP",
                         timeouts=AiModelTimeouts(request=Duration.seconds(1200)),
                         llm_request_costs=[
                             LlmRequestCost.input_token("llm_input_token"),
                             LlmRequestCost.output_token("llm_output_token"),
                             LlmRequestCost.total_token("llm_total_token"),
                         ])
    route.add_model(name="qwen3", backends=[AiModelBackend(backend=nrp, model_name_override=qwen)])
    route.add_model(name="qwen3-nairr", backends=[AiModelBackend(backend=sdsc, model_name_override=qwen)],
                    models_owned_by="SDSC")
    route.add_model(name="qwen3-combined", backends=[
        AiModelBackend(backend=nrp, model_name_override=qwen),
        AiModelBackend(backend=sdsc, model_name_override=qwen),
    ])
    return app


if __name__ == "__main__":
    build_polyglot_app(sys.argv[1] if len(sys.argv) > 1 else "dist").synth()
