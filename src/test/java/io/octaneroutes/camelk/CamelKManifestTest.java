package io.octaneroutes.camelk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Offline validation: camel-k/*.yaml against the Integration CRD of camel-k-crds 2.4.0 (with
 * unknown fields rejected, as {@code kubectl apply --validate=strict} does), ConfigMaps and
 * Secrets against their basic shape, and routes/*.yaml against camel-yaml-dsl's JSON schema.
 */
class CamelKManifestTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static JsonSchema integrationSchema;
    private static JsonSchema yamlDslSchema;

    @BeforeAll
    static void loadSchemas() throws IOException {
        try (InputStream in = CamelKManifestTest.class.getResourceAsStream("/camel.apache.org_integrations.yaml")) {
            assertThat(in).as("camel-k-crds on the test classpath").isNotNull();
            JsonNode crd = YAML.readTree(in);
            JsonNode openApi = null;
            for (JsonNode version : crd.path("spec").path("versions")) {
                if ("v1".equals(version.path("name").asText())) {
                    openApi = version.path("schema").path("openAPIV3Schema");
                }
            }
            assertThat(openApi).isNotNull();
            integrationSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(toJsonSchema(openApi.deepCopy()));
        }
        try (InputStream in = CamelKManifestTest.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertThat(in).as("camel-yaml-dsl's schema on the classpath").isNotNull();
            yamlDslSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    /**
     * OpenAPI v3 (Kubernetes structural schema) to JSON Schema draft 4: {@code nullable},
     * {@code x-kubernetes-int-or-string} and {@code x-kubernetes-preserve-unknown-fields}
     * become their JSON Schema meaning, and objects that declare properties accept no others.
     */
    static JsonNode toJsonSchema(JsonNode node) {
        if (node instanceof ObjectNode o) {
            boolean preserve = o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            boolean intOrString = o.path("x-kubernetes-int-or-string").asBoolean(false);
            boolean nullable = o.path("nullable").asBoolean(false);
            List<String> drop = new ArrayList<>();
            o.fieldNames().forEachRemaining(f -> {
                if (f.startsWith("x-kubernetes-") || f.equals("nullable")) {
                    drop.add(f);
                }
            });
            o.remove(drop);
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("properties")) {
                    e.getValue().fields().forEachRemaining(p -> toJsonSchema(p.getValue()));
                } else {
                    toJsonSchema(e.getValue());
                }
            }
            if (o.has("properties") && !o.has("additionalProperties") && !preserve) {
                o.put("additionalProperties", false);
            }
            if (intOrString) {
                o.remove("type");
                ArrayNode anyOf = o.putArray("anyOf");
                anyOf.addObject().put("type", "integer");
                anyOf.addObject().put("type", "string");
            }
            if (nullable && o.has("type")) {
                ArrayNode types = JsonNodeFactory.instance.arrayNode();
                types.add(o.get("type").asText());
                types.add("null");
                o.set("type", types);
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(CamelKManifestTest::toJsonSchema);
        }
        return node;
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode n = (JsonNode) it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            }
        }
        return docs;
    }

    private static List<Path> files(String dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static List<String> validateManifest(JsonNode doc) {
        List<String> errors = new ArrayList<>();
        String kind = doc.path("kind").asText();
        switch (kind) {
            case "Integration" -> {
                if (!"camel.apache.org/v1".equals(doc.path("apiVersion").asText())) {
                    errors.add("apiVersion must be camel.apache.org/v1");
                }
                Set<ValidationMessage> messages = integrationSchema.validate(doc);
                messages.forEach(m -> errors.add(m.getMessage()));
            }
            case "ConfigMap", "Secret" -> {
                if (!"v1".equals(doc.path("apiVersion").asText())) {
                    errors.add(kind + " apiVersion must be v1");
                }
                if (doc.path("metadata").path("name").asText().isBlank()) {
                    errors.add(kind + " needs metadata.name");
                }
                for (String field : new String[] {"data", "stringData"}) {
                    doc.path(field).fields().forEachRemaining(e -> {
                        if (!e.getValue().isTextual()) {
                            errors.add(kind + " " + field + "." + e.getKey() + " must be a string");
                        }
                        if (!e.getKey().matches("[-._a-zA-Z0-9]+")) {
                            errors.add(kind + " key " + e.getKey() + " is not a valid key");
                        }
                    });
                }
            }
            default -> errors.add("unexpected kind '" + kind + "'");
        }
        return errors;
    }

    @Test
    void everyCamelKManifestValidatesAgainstTheCrd() throws IOException {
        List<Path> manifests = files("camel-k", ".yaml");
        assertThat(manifests).isNotEmpty();
        boolean sawIntegration = false;
        for (Path file : manifests) {
            for (JsonNode doc : documents(file)) {
                sawIntegration |= "Integration".equals(doc.path("kind").asText());
                assertThat(validateManifest(doc)).as(file + " is valid").isEmpty();
            }
        }
        assertThat(sawIntegration).isTrue();
    }

    @Test
    void theIntegrationWiresConfigurationAndSecretsTheCamelKWay() throws IOException {
        JsonNode integration = documents(Path.of("camel-k/octane-routes.yaml")).get(0);
        JsonNode traits = integration.path("spec").path("traits");
        assertThat(traits.path("mount").path("configs").toString()).contains("secret:octane-credentials").contains("configmap:octane-routes-config");
        assertThat(traits.path("environment").path("vars").toString()).contains("CAMEL_MAIN_CLOUDPROPERTIESLOCATION");
        assertThat(integration.path("spec").path("replicas").asInt()).isGreaterThan(1);
        // secrets only ever come from the Secret: not in the Integration's properties, not in the ConfigMap
        assertThat(traits.path("camel").path("properties").toString()).doesNotContain("password");
        JsonNode config = documents(Path.of("camel-k/octane-routes-config.yaml")).get(0);
        config.path("data").fieldNames().forEachRemaining(key -> assertThat(key).doesNotContain("password"));
    }

    /**
     * Issue 13: the replicas are a cluster (cluster.enabled, so a replica refuses the embedded
     * database and broker), their PostgreSQL and broker connections come from a Secret, and
     * readiness is the endpoint that waits for both.
     */
    @Test
    void theReplicasShareDatabaseAndBrokerFromASecretAndAreReadyOnlyWithThem() throws IOException {
        JsonNode integration = documents(Path.of("camel-k/octane-routes.yaml")).get(0);
        JsonNode traits = integration.path("spec").path("traits");
        assertThat(traits.path("camel").path("properties").toString()).contains("cluster.enabled=true");
        assertThat(traits.path("mount").path("configs").toString()).contains("secret:octane-infrastructure");
        assertThat(traits.path("environment").path("vars").toString()).contains("/etc/camel/conf.d/_secrets/octane-infrastructure");
        assertThat(traits.path("health").path("readinessProbe").asText()).isEqualTo("/observe/health/ready");
        JsonNode config = documents(Path.of("camel-k/octane-routes-config.yaml")).get(0);
        config.path("data").fieldNames().forEachRemaining(key -> assertThat(key).doesNotStartWith("db.").doesNotStartWith("broker."));
        JsonNode secret = documents(Path.of("camel-k/octane-infrastructure.example.yaml")).get(0);
        assertThat(secret.path("kind").asText()).isEqualTo("Secret");
        assertThat(secret.path("metadata").path("name").asText()).isEqualTo("octane-infrastructure");
        for (String key : new String[] {"db.url", "db.username", "db.password", "broker.url", "broker.username", "broker.password"}) {
            assertThat(secret.path("stringData").has(key)).as(key).isTrue();
        }
        assertThat(secret.path("stringData").path("db.url").asText()).startsWith("jdbc:postgresql://");
    }

    @Test
    void everyRouteFileValidatesAgainstTheYamlDslSchema() throws IOException {
        List<Path> routes = files("routes", ".yaml");
        assertThat(routes).hasSizeGreaterThanOrEqualTo(5);
        for (Path file : routes) {
            JsonNode doc = YAML.readTree(file.toFile());
            Set<ValidationMessage> messages = yamlDslSchema.validate(doc);
            assertThat(messages).as(file + " against camelYamlDsl.json").isEmpty();
        }
    }

    @Test
    void theValidatorsRejectWhatIsWrong() throws IOException {
        Path dir = Path.of("src/test/resources/camelk-invalid");
        assertThat(validateManifest(documents(dir.resolve("misspelled-trait.yaml")).get(0)))
                .anyMatch(m -> m.contains("mout"));
        assertThat(validateManifest(documents(dir.resolve("wrong-type.yaml")).get(0)))
                .anyMatch(m -> m.contains("replicas"));
        assertThat(yamlDslSchema.validate(YAML.readTree(dir.resolve("unknown-eip.camel.yaml").toFile()))).isNotEmpty();
    }
}
