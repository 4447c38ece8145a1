package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import io.camstream.server.CamstreamServer;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The deployment files (deploy/kubernetes/*.yaml, the Dockerfile) run the real command: every camstream
 * container's arguments parse as {@code camstream}'s, the ports its probes and Services use are the ones those
 * arguments make it listen on, the edges read the origin's camera from the origin's NATS, and the image starts
 * java exactly as the {@code ./camstream} launcher does. Neither kubectl nor docker runs here: these are the
 * facts that go stale when a flag or the launcher changes. Every failure names the file and the field.
 */
class DeploymentFilesTest {

    private static final Path MANIFESTS = CamstreamProcesses.ROOT.resolve("deploy/kubernetes");
    private static final Path DOCKERFILE = CamstreamProcesses.ROOT.resolve("Dockerfile");
    private static final Path LAUNCHER = CamstreamProcesses.ROOT.resolve("camstream");
    /** Where the Dockerfile puts what the launcher finds in modules/cli/target ({@code $cli}). */
    private static final String IMAGE_DIR = "/opt/camstream/";
    /** An edge's source, as the edge takes it: nats://HOST:PORT[,HOST:PORT...]/CAMERA[?creds=FILE]. */
    private static final Pattern NATS_SOURCE =
            Pattern.compile("nats://([^/,:@]+:\\d+(?:,[^/,:@]+:\\d+)*)/([A-Za-z0-9][A-Za-z0-9_-]*)(\\?creds=\\S+)?");
    /** An origin's --nats URL; a token or user:password may precede the host. */
    private static final Pattern NATS_URL = Pattern.compile("(?:nats|tls)://(?:[^@/]*@)?([^/@]+)/?");

    private static List<Manifest> manifests;
    private static List<Server> servers;

    /** One object of one manifest file. */
    private record Manifest(String file, Map<String, Object> body) {
        String kind() {
            return String.valueOf(body.get("kind"));
        }

        String where() {
            return file + ": " + kind() + " " + at(body, "metadata.name", file);
        }
    }

    /** One camstream container, its Deployment, and the server its arguments make. */
    private record Server(String where, Manifest deployment, Map<String, Object> container, ServerCommand command) {
        boolean origin() {
            return !command.nats.servers.isEmpty();
        }

        boolean edge() {
            return command.sources.stream().anyMatch(source -> CameraSpec.parse(source).source().startsWith("nats:"));
        }
    }

    @BeforeAll
    static void readManifests() throws IOException {
        manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        if (document != null) {
                            String name = "deploy/kubernetes/" + file.getFileName();
                            manifests.add(new Manifest(name, map(document, name)));
                        }
                    }
                }
            }
        }
        servers = new ArrayList<>();
        for (Manifest deployment : ofKind("Deployment")) {
            for (Object node : list(at(deployment.body(), "spec.template.spec.containers", deployment.where()),
                    deployment.where())) {
                Map<String, Object> container = map(node, deployment.where());
                String where = deployment.where() + ", container " + container.get("name");
                if (String.valueOf(container.get("image")).contains("camstream")) {
                    // command would replace the image's ENTRYPOINT: java on the module path, as the launcher runs it.
                    assertNull(container.get("command"), where + ": command replaces the image's java; give args only");
                    List<String> args = list(container.get("args"), where + ".args").stream()
                            .map(String::valueOf).toList();
                    servers.add(new Server(where, deployment, container, serverCommand(args, where + ".args")));
                }
            }
        }
        assertFalse(servers.isEmpty(), MANIFESTS + ": no Deployment runs a camstream image");
    }

    @Test
    void everyServerListensWhereItsPortsProbesAndServicesSay() {
        for (Server server : servers) {
            String where = server.where();
            ServerCommand command = server.command();
            assertTrue(Set.of("0.0.0.0", "::").contains(command.bind), where + ".args: --bind must be 0.0.0.0: "
                    + "the default (127.0.0.1) is out of reach of the probes and the Services, got " + command.bind);
            assertEquals(command.port, containerPort(server.container(), "grpc", where),
                    where + ".ports: the port named grpc must be --port (or its default)");
            assertFalse(command.http.off, where + ".args: --no-http, but the liveness probe is HTTP's /healthz");
            assertEquals(command.http.port, containerPort(server.container(), "http", where),
                    where + ".ports: the port named http must be --http-port (or its default)");
            Map<String, Object> readiness = map(server.container().get("readinessProbe"), where + ".readinessProbe");
            assertEquals(command.port, at(readiness, "grpc.port", where + ".readinessProbe"),
                    where + ".readinessProbe: a grpc probe (grpc.health.v1) on the gRPC port");
            Map<String, Object> liveness = map(server.container().get("livenessProbe"), where + ".livenessProbe");
            if (liveness.containsKey("grpc")) {
                assertEquals(command.port, at(liveness, "grpc.port", where + ".livenessProbe"),
                        where + ".livenessProbe.grpc.port: the gRPC port");
            } else {
                assertEquals("/healthz", at(liveness, "httpGet.path", where + ".livenessProbe"),
                        where + ".livenessProbe: grpc, or httpGet /healthz (200 while the process runs)");
                assertEquals(command.http.port, containerPort(server.container(),
                        at(liveness, "httpGet.port", where + ".livenessProbe"), where),
                        where + ".livenessProbe.httpGet.port: the HTTP port");
            }
            assertEquals(true, optional(server.deployment().body(), "spec.template.spec.securityContext.runAsNonRoot"),
                    where + ": spec.template.spec.securityContext.runAsNonRoot must be true");
            assertTrue(optional(server.container(), "resources.requests.cpu") != null,
                    where + ".resources.requests.cpu: needed, the autoscaler's utilisation is a share of it");
        }
    }

    @Test
    void theEdgesReadTheOriginsCameraFromTheOriginsNats() {
        List<Server> origins = servers.stream().filter(Server::origin).toList();
        List<Server> edges = servers.stream().filter(Server::edge).toList();
        assertFalse(origins.isEmpty(), MANIFESTS + ": no origin (a camstream server with --nats)");
        assertFalse(edges.isEmpty(), MANIFESTS + ": no edge (a camstream server with --source nats://...)");
        Set<String> originCameras = origins.stream().flatMap(o -> o.command().sources.stream())
                .map(source -> CameraSpec.parse(source).name()).collect(Collectors.toSet());
        for (Server origin : origins) {
            assertEquals(1, optional(origin.deployment().body(), "spec.replicas"),
                    origin.deployment().where() + ": spec.replicas of an origin, which owns its camera, must be 1");
            assertEquals("Recreate", optional(origin.deployment().body(), "spec.strategy.type"),
                    origin.deployment().where() + ": spec.strategy.type must be Recreate, the camera has one reader");
        }
        for (Server edge : edges) {
            for (String value : edge.command().sources) {
                String source = CameraSpec.parse(value).source();
                Matcher nats = NATS_SOURCE.matcher(source);
                assertTrue(nats.matches(), edge.where() + ".args: --source " + value
                        + " is not nats://HOST:PORT[,HOST:PORT...]/CAMERA[?creds=FILE]");
                assertTrue(originCameras.contains(nats.group(2)), edge.where() + ".args: --source " + value
                        + " reads camera " + nats.group(2) + ", which no origin has: " + originCameras);
                Set<String> hosts = Set.of(nats.group(1).split(","));
                for (Server origin : origins) {
                    Set<String> published = origin.command().nats.servers.stream().map(DeploymentFilesTest::hostPort)
                            .collect(Collectors.toSet());
                    assertEquals(published, hosts, edge.where() + ".args: --source " + value
                            + " must read from the NATS servers " + origin.where() + " publishes to");
                }
            }
        }
    }

    @Test
    void everyServiceReachesAPortOfTheServersItSelects() {
        List<Manifest> services = ofKind("Service");
        assertFalse(services.isEmpty(), MANIFESTS + ": no Service for the viewers");
        for (Manifest service : services) {
            Map<String, Object> selector = map(at(service.body(), "spec.selector", service.where()), service.where());
            List<Server> selected = servers.stream().filter(server -> map(at(server.deployment().body(),
                    "spec.template.metadata.labels", server.where()), server.where()).entrySet()
                    .containsAll(selector.entrySet())).toList();
            assertFalse(selected.isEmpty(), service.where() + ": spec.selector " + selector + " selects no camstream");
            for (Object node : list(at(service.body(), "spec.ports", service.where()), service.where())) {
                Map<String, Object> port = map(node, service.where() + ".spec.ports");
                Object target = port.containsKey("targetPort") ? port.get("targetPort") : port.get("port");
                for (Server server : selected) {
                    containerPort(server.container(), target, service.where() + " -> " + server.where());
                }
            }
        }
    }

    @Test
    void theAutoscalerScalesTheEdgesOnCpu() {
        List<Manifest> autoscalers = ofKind("HorizontalPodAutoscaler");
        assertFalse(autoscalers.isEmpty(), MANIFESTS + ": no HorizontalPodAutoscaler for the edges");
        Set<Object> edges = servers.stream().filter(Server::edge)
                .map(edge -> at(edge.deployment().body(), "metadata.name", edge.where())).collect(Collectors.toSet());
        for (Manifest autoscaler : autoscalers) {
            String where = autoscaler.where();
            assertEquals("autoscaling/v2", autoscaler.body().get("apiVersion"), where + ": apiVersion");
            assertEquals("Deployment", at(autoscaler.body(), "spec.scaleTargetRef.kind", where),
                    where + ": spec.scaleTargetRef.kind");
            Object target = at(autoscaler.body(), "spec.scaleTargetRef.name", where);
            assertTrue(edges.contains(target), where + ": spec.scaleTargetRef.name " + target
                    + " is not an edge Deployment: " + edges);
            assertTrue(((Number) at(autoscaler.body(), "spec.minReplicas", where)).intValue() >= 2,
                    where + ": spec.minReplicas must be at least 2, so one edge can restart while another serves");
            List<Object> metrics = list(at(autoscaler.body(), "spec.metrics", where), where + ".spec.metrics");
            assertFalse(metrics.isEmpty(), where + ": spec.metrics is empty");
            for (Object metric : metrics) {
                assertEquals("Resource", map(metric, where).get("type"), where + ": spec.metrics[].type");
                assertEquals("cpu", at(map(metric, where), "resource.name", where),
                        where + ": spec.metrics[].resource.name");
            }
        }
    }

    @Test
    void theImageRunsJavaAsTheLauncherDoes() throws IOException {
        List<String[]> instructions = dockerfile();
        List<String> bases = values(instructions, "FROM").stream().map(from -> from.split("\\s+"))
                .map(words -> Stream.of(words).filter(word -> !word.startsWith("--")).findFirst().orElse(""))
                .toList();
        assertTrue(bases.size() >= 2, "Dockerfile: FROM: a build stage and a runtime stage, got " + bases);
        String runtime = bases.get(bases.size() - 1);
        assertTrue(runtime.matches("eclipse-temurin:17[.0-9_]*-jre.*"),
                "Dockerfile: the last FROM must be a Java 17 JRE (eclipse-temurin:17-jre), got " + runtime);
        List<String> users = values(instructions, "USER");
        assertFalse(users.isEmpty(), "Dockerfile: no USER: the server would run as root");
        String user = users.get(users.size() - 1).split(":")[0];
        assertTrue(user.matches("\\d+") && !user.matches("0+"),
                "Dockerfile: USER must be a numeric id other than 0 (runAsNonRoot can only check a number), got "
                        + user);
        Set<String> exposed = values(instructions, "EXPOSE").stream().flatMap(e -> Stream.of(e.split("\\s+")))
                .map(port -> port.replace("/tcp", "")).collect(Collectors.toSet());
        assertTrue(exposed.contains(String.valueOf(CamstreamServer.DEFAULT_PORT)), "Dockerfile: EXPOSE " + exposed
                + " must include the server's default gRPC port " + CamstreamServer.DEFAULT_PORT);
        assertTrue(exposed.contains(String.valueOf(HttpOptions.DEFAULT_PORT)), "Dockerfile: EXPOSE " + exposed
                + " must include the server's default HTTP port " + HttpOptions.DEFAULT_PORT);

        List<String> entrypoint = execForm(last(instructions, "ENTRYPOINT"), "ENTRYPOINT");
        assertEquals(launcherJava(), entrypoint,
                "Dockerfile: ENTRYPOINT must be the launcher's java line (camstream: exec \"$java\" ...), with $cli/ "
                        + "as " + IMAGE_DIR);
        List<String> copied = values(instructions, "COPY");
        String modulePath = entrypoint.get(entrypoint.indexOf("--module-path") + 1);
        for (String entry : modulePath.split(":")) {
            String name = entry.substring(IMAGE_DIR.length());
            assertTrue(copied.stream().map(copy -> copy.split("\\s+")).anyMatch(words ->
                    words[words.length - 1].replaceAll("/$", "").equals(entry)
                            && words[words.length - 2].replaceAll("/$", "").endsWith("modules/cli/target/" + name)),
                    "Dockerfile: COPY: the module path's " + entry + " must be modules/cli/target/" + name);
        }
        ServerCommand command = serverCommand(execForm(last(instructions, "CMD"), "CMD"), "Dockerfile: CMD");
        assertEquals("0.0.0.0", command.bind, "Dockerfile: CMD: --bind 0.0.0.0, or nothing outside the container "
                + "reaches the server");
    }

    /** The launcher's java arguments, less the user's JVM options and the command's arguments. */
    private static List<String> launcherJava() throws IOException {
        String script = Files.readString(LAUNCHER).replace("\\\n", " ");
        Matcher exec = Pattern.compile("(?m)^exec \"\\$java\"(.*)$").matcher(script);
        assertTrue(exec.find(), "camstream: no `exec \"$java\" ...` line to compare the Dockerfile's ENTRYPOINT with");
        List<String> arguments = new ArrayList<>(List.of("java"));
        Matcher word = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(exec.group(1));
        while (word.find()) {
            String argument = word.group(1) != null ? word.group(1) : word.group(2);
            // CAMSTREAM_JAVA_OPTS is JAVA_TOOL_OPTIONS in the image; "$@" is the container's args (or CMD).
            if (!argument.equals("${CAMSTREAM_JAVA_OPTS:-}") && !argument.equals("$@")) {
                arguments.add(argument.replace("$cli/", IMAGE_DIR));
            }
        }
        arguments.forEach(argument -> assertFalse(argument.contains("$"), "camstream: the java line's " + argument
                + " has no counterpart in the image: teach the Dockerfile and this test"));
        return arguments;
    }

    /** The Dockerfile's instructions, each {keyword, value}, continuation lines joined and comments dropped. */
    private static List<String[]> dockerfile() throws IOException {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String text = line.strip();
            if (text.startsWith("#") || (text.isEmpty() && logical.isEmpty())) {
                continue;
            }
            if (text.endsWith("\\")) {
                logical.append(text, 0, text.length() - 1).append(' ');
                continue;
            }
            String[] instruction = logical.append(text).toString().split("\\s+", 2);
            instructions.add(new String[] {instruction[0].toUpperCase(Locale.ROOT),
                    instruction.length > 1 ? instruction[1].strip() : ""});
            logical.setLength(0);
        }
        return instructions;
    }

    private static List<String> values(List<String[]> instructions, String keyword) {
        return instructions.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
    }

    private static String last(List<String[]> instructions, String keyword) {
        List<String> values = values(instructions, keyword);
        assertFalse(values.isEmpty(), "Dockerfile: no " + keyword);
        return values.get(values.size() - 1);
    }

    /**
     * An exec-form (JSON array) ENTRYPOINT or CMD. Docker runs anything else under /bin/sh -c, which keeps
     * SIGTERM from java, so a pod would take its whole grace period to stop. Strict JSON, as Docker reads it.
     */
    private static List<String> execForm(String value, String keyword) {
        JsonReader reader = new JsonReader(new StringReader(value));
        reader.setStrictness(Strictness.STRICT);
        JsonElement parsed;
        try {
            parsed = JsonParser.parseReader(reader);
        } catch (RuntimeException e) {
            throw new AssertionError("Dockerfile: " + keyword + " must be a JSON array (exec form), got " + value, e);
        }
        assertTrue(parsed.isJsonArray(), "Dockerfile: " + keyword + " must be a JSON array (exec form), got " + value);
        List<String> words = new ArrayList<>();
        parsed.getAsJsonArray().forEach(word -> words.add(word.getAsString()));
        return words;
    }

    /** The server these arguments make, as Main parses them; a flag camstream does not have fails here. */
    private static ServerCommand serverCommand(List<String> args, String where) {
        CommandLine.ParseResult parsed;
        try {
            parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(where + ": " + args + " is not a camstream command line: " + e.getMessage(), e);
        }
        assertTrue(parsed.hasSubcommand() && parsed.subcommand().commandSpec().userObject() instanceof ServerCommand,
                where + ": must start with `server`, got " + args);
        return (ServerCommand) parsed.subcommand().commandSpec().userObject();
    }

    /** A container port by number or name, failing when the container does not declare it. */
    private static int containerPort(Map<String, Object> container, Object port, String where) {
        for (Object node : list(container.get("ports"), where + ".ports")) {
            Map<String, Object> declared = map(node, where + ".ports");
            if (port.equals(declared.get("name")) || port.equals(declared.get("containerPort"))) {
                return ((Number) declared.get("containerPort")).intValue();
            }
        }
        throw new AssertionError(where + ".ports: no container port " + port);
    }

    private static String hostPort(String url) {
        Matcher matcher = NATS_URL.matcher(url);
        assertTrue(matcher.matches(), "--nats " + url + " is not nats://HOST:PORT");
        return matcher.group(1);
    }

    private static List<Manifest> ofKind(String kind) {
        return manifests.stream().filter(manifest -> manifest.kind().equals(kind)).toList();
    }

    /** The value at a dotted path, failing with the path when any step is missing. */
    private static Object at(Map<String, Object> root, String path, String where) {
        Object value = optional(root, path);
        assertNotNull(value, where + ": no " + path);
        return value;
    }

    private static Object optional(Map<String, Object> root, String path) {
        Object node = root;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String where) {
        assertTrue(node instanceof Map, where + ": expected a mapping, got " + node);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node, String where) {
        assertTrue(node instanceof List, where + ": expected a list, got " + node);
        return (List<Object>) node;
    }
}
