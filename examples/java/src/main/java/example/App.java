package example;

import java.util.List;

import io.github.cdk8saigateway.AiBackend;
import io.github.cdk8saigateway.AiBackendOptions;
import io.github.cdk8saigateway.AiModel;
import io.github.cdk8saigateway.AiModelBackend;
import io.github.cdk8saigateway.AiModelRoute;
import io.github.cdk8saigateway.AiModelTimeouts;
import io.github.cdk8saigateway.BackendCredential;
import io.github.cdk8saigateway.GatewayHttpsOptions;
import io.github.cdk8saigateway.HttpsTermination;
import io.github.cdk8saigateway.LlmRequestCost;
import io.github.cdk8saigateway.NvcfGateway;
import io.github.cdk8saigateway.PlatformDomain;
import io.github.cdk8saigateway.PlatformNamespace;
import io.github.cdk8saigateway.SecretKeyCredentialOptions;
import io.github.cdk8saigateway.TlsMode;
import io.github.cdk8saigateway.WildcardTls;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.cdk8s.Duration;

/**
 * The Java smoke app: the declaration of examples/polyglot.ts, through the cdk8s-ai-gateway jar.
 * {@code mvn compile exec:java -Dexec.args=OUTDIR} writes OUTDIR/polyglot.k8s.yaml, byte-identical to TypeScript's.
 */
public final class App {
    private App() {
    }

    public static org.cdk8s.App buildPolyglotApp(final String outdir) {
        org.cdk8s.App app = new org.cdk8s.App(AppProps.builder().outdir(outdir).build());
        Chart chart = new Chart(app, "polyglot", ChartProps.builder().disableResourceNameHashes(true).build());

        PlatformDomain domain = PlatformDomain.Builder.create(chart, "domain").baseDomain("nvcf.example.com").build();
        WildcardTls tls = WildcardTls.Builder.create(chart, "tls")
                .domain(domain)
                .namespace("envoy-gateway")
                .mode(TlsMode.selfSigned())
                .build();
        NvcfGateway gateway = NvcfGateway.Builder.create(chart, "gateway")
                .domain(domain.getBaseDomain())
                .https(HttpsTermination.atGateway(GatewayHttpsOptions.builder().certificate(tls).build()))
                .build();
        gateway.addNamespace(PlatformNamespace.create("nrp-llm"));

        String qwen = "Qwen/Qwen3-235B-A22B-Thinking-2507-FP8";
        AiBackend nrp = AiBackend.fromFqdn("qwen-vllm-inference.nrp-llm.svc.cluster.local", 5000, AiBackendOptions.builder()
                .name("envoy-ai-gateway-nrp-qwen")
                .credential(BackendCredential.apiKey(SecretKeyCredentialOptions.builder()
                        .secretName("openai-apikey")
                        .policyName("envoy-ai-gateway-nrp-apikey")
                        .build()))
                .build());
        AiBackend sdsc = AiBackend.fromFqdn("qwen3.nairr.sdsc.edu", 443,
                AiBackendOptions.builder().name("envoy-ai-gateway-sdsc-nairr-qwen3").build());

        AiModelRoute route = AiModelRoute.Builder.create(chart, "models")
                .gateway(gateway)
                .name("envoy-ai-gateway-nrp-qwen")
                .namespace("nrp-llm")
                .modelsOwnedBy("NRP")
                .timeouts(AiModelTimeouts.builder().request(Duration.seconds(1200)).build())
                .llmRequestCosts(List.of(
                        LlmRequestCost.inputToken("llm_input_token"),
                        LlmRequestCost.outputToken("llm_output_token"),
                        LlmRequestCost.totalToken("llm_total_token")))
                .build();
        route.addModel(AiModel.builder().name("qwen3")
                .backends(List.of(backend(nrp, qwen))).build());
        route.addModel(AiModel.builder().name("qwen3-nairr")
                .backends(List.of(backend(sdsc, qwen))).modelsOwnedBy("SDSC").build());
        route.addModel(AiModel.builder().name("qwen3-combined")
                .backends(List.of(backend(nrp, qwen), backend(sdsc, qwen))).build());
        return app;
    }

    private static AiModelBackend backend(final AiBackend backend, final String modelNameOverride) {
        return AiModelBackend.builder().backend(backend).modelNameOverride(modelNameOverride).build();
    }

    public static void main(final String[] args) {
        buildPolyglotApp(args.length > 0 ? args[0] : "dist").synth();
    }
}
