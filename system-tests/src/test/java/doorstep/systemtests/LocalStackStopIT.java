package doorstep.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import doorstep.local.LocalStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Stopping the local stack on purpose ends without an error report and leaves nothing running.
 * The launcher is run the way {@code ./mvnw -Plocal package} runs it: the {@code local} profile's
 * exec execution in {@code deploy/local/pom.xml} gives its JVM arguments and which exit codes
 * Maven takes for success (any other is a BUILD FAILURE with a stack trace); its classpath is the
 * one that module's build wrote. Only the data folder and the ports differ (free ones, given in
 * its environment), so a developer's own stack is not disturbed.
 */
class LocalStackStopIT {

    private static final Path ROOT = Path.of(System.getProperty("doorstep.root", "..")).toAbsolutePath().normalize();
    private static final Path POM = ROOT.resolve("deploy/local/pom.xml");
    private static final String EXECUTION = "//profile[id='local']//execution[id='run-local-stack']/configuration";
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration STOP = Duration.ofSeconds(60);

    @TempDir
    Path home;

    /** The launcher's environment (its ports). */
    private Map<String, String> environment;

    /** What a test started; whatever of it is still running afterwards (a failed test) is stopped by force. */
    private final Set<ProcessHandle> started = new HashSet<>();

    @AfterEach
    void leaveNothingBehind() throws IOException {
        Set<ProcessHandle> all = new HashSet<>(started);
        started.forEach(p -> all.addAll(p.descendants().toList()));
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        Path postgres = home.resolve("postgres/postmaster.pid");
        if (Files.exists(postgres)) {
            ProcessHandle.of(Long.parseLong(Files.readAllLines(postgres).get(0).trim())).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void sigtermStopsEverythingAndMavenCountsItAsSuccess() throws Exception {
        Process launcher = launcher(List.of()).start();
        started.add(launcher.toHandle());
        Set<ProcessHandle> stack = awaitRunning(launcher.toHandle());
        theStackTrustsTheTokenCommandsKeyAndNothingElse();

        launcher.destroy(); // SIGTERM, as kill, a process manager or an IDE's stop button sends it

        assertThat(launcher.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)).as("launcher ended").isTrue();
        assertThat(successCodes()).as("exit codes the local profile's exec execution takes for success")
                .contains(launcher.exitValue());
        String output = output();
        assertThat(output).contains("Stopping Doorstep...", "Stopped.")
                .doesNotContain("Exception", "ERROR")
                .doesNotContainPattern("(?m)^\\s+at ");
        awaitAllEnded(stack);
        servicesStoppedBeforeTheirDatabase();
    }

    @Test
    void theStackStopsWhenTheProcessThatStartedItIsKilledAlone() throws Exception {
        // Maven in the launcher's place of parent: `kill <maven's pid>`, or a process manager that signals its
        // main process only, ends Maven at once and does not pass the signal on.
        Process parent = launcher(List.of("sh", "-c", "\"$@\" & wait", "sh")).start();
        started.add(parent.toHandle());
        ProcessHandle launcher = await().atMost(Duration.ofSeconds(10))
                .until(() -> parent.children().findFirst().orElse(null), p -> p != null);
        started.add(launcher);
        Set<ProcessHandle> stack = awaitRunning(launcher);

        parent.destroy(); // SIGTERM to the parent only

        assertThat(parent.waitFor(10, TimeUnit.SECONDS)).as("parent ended").isTrue();
        awaitAllEnded(stack);
        assertThat(output()).contains("has ended", "Stopped.").doesNotContainPattern("(?m)^\\s+at ");
        servicesStoppedBeforeTheirDatabase();
    }

    /**
     * The README's token command (the {@code token} profile of platform/local-infra runs {@code LocalTokens}
     * with these arguments) prints a token signed by the key the stack generated on its first run; the
     * services accept it and refuse a request without one, or with a token of another issuer's key.
     */
    private void theStackTrustsTheTokenCommandsKeyAndNothingElse() throws Exception {
        String orders = "http://127.0.0.1:" + environment.get("DOORSTEP_LOCAL_INTAKE_PORT") + "/api/v1/orders";
        String classpath = ROOT.resolve("deploy/local/target/classes") + java.io.File.pathSeparator
                + Files.readString(ROOT.resolve("deploy/local/target/local-stack.classpath")).trim();
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                "doorstep.localinfra.LocalTokens", "--role", "agent", "--user", "agent-1", "--sites", "*", "--hours", "1", ROOT.toString());
        command.environment().put("DOORSTEP_LOCAL_HOME", home.toString());
        Process p = command.redirectErrorStream(true).start();
        String token = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as("token command output: %s", token).isZero();
        assertThat(home.resolve("jwt/signing-key.json")).as("the key pair stays in the data folder").exists();

        io.restassured.RestAssured.given().get(orders).then().statusCode(401);
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + token).get(orders).then().statusCode(200);
        String stranger = doorstep.localinfra.LocalTokens.temporary().mint("agent-1", "agent", List.of("*"), Duration.ofHours(1));
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + stranger).get(orders).then().statusCode(401);
    }

    /**
     * Waits for the start-up summary; returns the launcher with every process of the stack: the services and
     * the broker (its children) and PostgreSQL (which its {@code pg_ctl} left running on its own).
     */
    private Set<ProcessHandle> awaitRunning(ProcessHandle launcher) throws IOException {
        await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(launcher.isAlive()).as("launcher alive; its output:%n%s%nservice logs:%n%s", output(), serviceLogTails()).isTrue();
            return output().contains("Doorstep is running");
        });
        Set<ProcessHandle> stack = new HashSet<>(launcher.descendants().toList());
        assertThat(stack).as("the four services and the broker").hasSizeGreaterThanOrEqualTo(LocalStack.SERVICES.size() + 1);
        long postgres = Long.parseLong(Files.readAllLines(home.resolve("postgres/postmaster.pid")).get(0).trim());
        ProcessHandle.of(postgres).ifPresent(pg -> {
            stack.add(pg);
            stack.addAll(pg.descendants().toList());
        });
        assertThat(stack).allMatch(ProcessHandle::isAlive).hasSizeGreaterThanOrEqualTo(LocalStack.SERVICES.size() + 2);
        stack.add(launcher);
        started.addAll(stack);
        return stack;
    }

    /** Each service finished its own shutdown with the database still up: no connection was cut under it. */
    private void servicesStoppedBeforeTheirDatabase() throws IOException {
        for (String service : LocalStack.SERVICES.keySet()) {
            String log = Files.readString(home.resolve("logs").resolve(service + ".log"), StandardCharsets.UTF_8);
            assertThat(log).as("%s.log", service).contains(service + "-service stopped in").doesNotContain("PSQLException");
        }
    }

    private static void awaitAllEnded(Set<ProcessHandle> stack) {
        await().atMost(STOP).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(stack).as("processes still running").noneMatch(ProcessHandle::isAlive));
    }

    /** The end of each service's log (the data folder is deleted after the test): why a service did not start. */
    private String serviceLogTails() throws IOException {
        StringBuilder tails = new StringBuilder();
        for (String service : LocalStack.SERVICES.keySet()) {
            Path log = home.resolve("logs").resolve(service + ".log");
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                tails.append("--- ").append(service).append(".log\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()))).append('\n');
            }
        }
        return tails.toString();
    }

    private String output() throws IOException {
        Path out = home.resolve("launcher.out");
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }

    /** The launcher as the local profile runs it, with the data folder and free ports in its environment. */
    private ProcessBuilder launcher(List<String> prefix) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(launcherCommand());
        ProcessBuilder launcher = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("launcher.out").toFile());
        Map<String, String> env = launcher.environment();
        environment = env;
        env.put("DOORSTEP_LOCAL_HOME", home.toString());
        env.put("DOORSTEP_LOCAL_POSTGRES_PORT", String.valueOf(SystemStack.freePort()));
        env.put("DOORSTEP_LOCAL_KAFKA_PORT", String.valueOf(SystemStack.freePort()));
        env.put("DOORSTEP_LOCAL_KAFKA_CONTROLLER_PORT", String.valueOf(SystemStack.freePort()));
        LocalStack.SERVICES.keySet().forEach(s -> env.put("DOORSTEP_LOCAL_" + s.toUpperCase(Locale.ROOT) + "_PORT",
                String.valueOf(SystemStack.freePort())));
        return launcher;
    }

    /** The local profile's command: its executable, and its arguments with the module's runtime classpath and this repository. */
    private List<String> launcherCommand() throws Exception {
        Path module = ROOT.resolve("deploy/local");
        String classpath = module.resolve("target/classes") + java.io.File.pathSeparator
                + Files.readString(module.resolve("target/local-stack.classpath")).trim();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        NodeList arguments = (NodeList) XPathFactory.newInstance().newXPath()
                .evaluate(EXECUTION + "/arguments/*", pom(), XPathConstants.NODESET);
        for (int i = 0; i < arguments.getLength(); i++) {
            var argument = arguments.item(i);
            String value = argument.getTextContent().trim();
            if (argument.getNodeName().equals("classpath")) {
                command.add(classpath);
            } else {
                command.add(value.replace("${maven.multiModuleProjectDirectory}", ROOT.toString()));
            }
        }
        assertThat(command).as("the launcher's command from %s", POM).contains(classpath, LocalStack.class.getName(), ROOT.toString());
        return command;
    }

    /** What exec:exec takes for success: its {@code successCodes}, or only 0 if there are none. */
    private static Set<Integer> successCodes() throws Exception {
        NodeList codes = (NodeList) XPathFactory.newInstance().newXPath()
                .evaluate(EXECUTION + "/successCodes/successCode", pom(), XPathConstants.NODESET);
        Set<Integer> success = new HashSet<>();
        for (int i = 0; i < codes.getLength(); i++) {
            success.add(Integer.parseInt(codes.item(i).getTextContent().trim()));
        }
        return success.isEmpty() ? Set.of(0) : success;
    }

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(POM.toFile());
    }
}
