package doorstep.deploy.kubernetes;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a service's application.properties says about Kafka: its application name (the Kafka principal and the
 * Deployment's name), the topic its relay writes, the topics its channels read, their dead-letter topics and
 * consumer groups ({@code mp.messaging.incoming.<channel>.*}; a channel without {@code group.id} uses the
 * application name).
 */
record ServiceConfig(String application, String ownTopic, Set<String> consumed, Set<String> deadLetters, Set<String> groups) {

    static final List<String> SERVICES = List.of("intake-service", "dispatch-service", "billing-service", "followup-service");

    /** The four services' configurations, read from the repository beside deploy/kubernetes. */
    static List<ServiceConfig> all() throws IOException {
        Path repository = Kustomize.root().getParent().getParent();
        List<ServiceConfig> configs = new java.util.ArrayList<>();
        for (String service : SERVICES) {
            configs.add(read(repository.resolve(service).resolve("src/main/resources/application.properties")));
        }
        return configs;
    }

    static ServiceConfig read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String application = required(properties, "quarkus.application.name", file);
        String ownTopic = "doorstep." + required(properties, "doorstep.service.name", file) + ".events";
        Set<String> consumed = new TreeSet<>();
        Set<String> deadLetters = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        for (String name : properties.stringPropertyNames()) {
            if (!name.startsWith("mp.messaging.incoming.") || name.startsWith("%")) {
                continue;
            }
            String channel = name.substring("mp.messaging.incoming.".length()).split("\\.", 2)[0];
            String prefix = "mp.messaging.incoming." + channel + ".";
            if (name.equals(prefix + "topic")) {
                consumed.add(properties.getProperty(name).trim());
                groups.add(properties.getProperty(prefix + "group.id", application).trim());
            } else if (name.equals(prefix + "dead-letter-queue.topic")) {
                deadLetters.add(properties.getProperty(name).trim());
            }
        }
        return new ServiceConfig(application, ownTopic, consumed, deadLetters, groups);
    }

    private static String required(Properties properties, String name, Path file) {
        String value = properties.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(file + " has no " + name);
        }
        return value.trim();
    }
}
