package doorstep.platform.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import doorstep.platform.domain.Nullable;
import doorstep.platform.events.CloudEventsKafka;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import org.eclipse.microprofile.config.Config;

/**
 * The AsyncAPI 3.0.0 document of one service's Kafka interface, generated, never written by hand (D51), from
 * <ul>
 *   <li>the service's {@link EventCatalog}: its topic {@code doorstep.<service>.events} and one message per event type
 *       and readable version (the topic keeps every version for ever), sent by the service;</li>
 *   <li>the JSON Schemas on the classpath ({@code META-INF/resources/schemas/<service>/<Name>.v<N>.json}), inlined as
 *       payloads (JSON Schema 2020-12, {@link #JSON_SCHEMA_2020_12});</li>
 *   <li>the channels it consumes ({@code mp.messaging.incoming.<channel>.*}, {@link #consumedTopics}): a receive
 *       operation per topic, described by the producer's catalogue file
 *       ({@code META-INF/resources/schemas/<producer>/catalog.json} in the producer's contract jar) and its schemas,
 *       and a send operation per dead-letter topic the service writes.</li>
 * </ul>
 * Every message carries the CloudEvents binary-mode headers ({@link CloudEventsKafka#toRecord}), the record key and the
 * correlation id. No domain rules: what a service says about its events is in its schemas.
 */
public final class AsyncApiDocument {

    /** The AsyncAPI version of the document. */
    public static final String ASYNCAPI = "3.0.0";
    /**
     * The payloads' schema format. AsyncAPI 3.0.0 lists JSON Schema draft-07 only; other formats are custom values,
     * which the specification allows (Multi Format Schema Object), so the schemas stay exactly as published.
     */
    public static final String JSON_SCHEMA_2020_12 = "application/schema+json;version=2020-12";
    /** The Kafka bindings' version (the one for AsyncAPI 3.0). */
    public static final String KAFKA_BINDINGS = "0.5.0";
    /** Where the broker of the local stack listens ({@code ./mvnw -Plocal package}). */
    public static final String LOCAL_BOOTSTRAP = "localhost:19092";
    /** The production bootstrap address as deploy/kubernetes configures it (TLS listener, SCRAM-SHA-512 logins). */
    public static final String PRODUCTION_BOOTSTRAP = "doorstep-kafka-bootstrap:9093";

    private static final String SCHEMAS = "META-INF/resources/schemas/";
    private static final Pattern INCOMING = Pattern.compile("mp\\.messaging\\.incoming\\.(.+)\\.connector");
    private static final Pattern EVENTS_TOPIC = Pattern.compile("doorstep\\.([a-z]+)\\.events");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    /**
     * A Kafka channel the service reads.
     *
     * @param channel         the channel's name in the configuration ({@code mp.messaging.incoming.<channel>})
     * @param topic           the topic it reads
     * @param deadLetterTopic where records it cannot process go, or null when its failure strategy is not a dead-letter one
     */
    public record ConsumedTopic(String channel, String topic, @Nullable String deadLetterTopic) {
    }

    /** One message: an event type at one version, as a producer publishes it. */
    private record Message(String producer, String name, int version, String type, String dataSchema, String schemaFile,
                           boolean current) {

        String id() {
            return producer + "." + name + ".v" + version;
        }
    }

    private final ObjectNode doc = JSON.createObjectNode();
    private final ObjectNode channels;
    private final ObjectNode operations;
    private final ObjectNode messages;
    private final ClassLoader resources;

    private AsyncApiDocument(ClassLoader resources) {
        this.resources = resources;
        doc.put("asyncapi", ASYNCAPI);
        doc.putObject("info");
        doc.putObject("servers");
        doc.put("defaultContentType", CloudEventsKafka.JSON);
        channels = doc.putObject("channels");
        operations = doc.putObject("operations");
        ObjectNode components = doc.putObject("components");
        components.putObject("schemas");
        messages = components.putObject("messages");
    }

    /**
     * The Kafka channels of a configuration: every {@code mp.messaging.incoming.<channel>} whose connector is
     * {@code smallrye-kafka}, its {@code topic} (default: the channel's name) and, when its failure strategy dead-letters
     * ({@code dead-letter-queue} or {@code doorstep-dead-letter}), its {@code dead-letter-queue.topic} (default: the
     * connector's {@code dead-letter-topic-<channel>}). Sorted by channel.
     */
    public static List<ConsumedTopic> consumedTopics(Config config) {
        List<ConsumedTopic> consumed = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            Matcher m = INCOMING.matcher(name);
            if (!m.matches() || !"smallrye-kafka".equals(config.getOptionalValue(name, String.class).orElse(null))) {
                continue;
            }
            String channel = m.group(1);
            String prefix = "mp.messaging.incoming." + channel + ".";
            String topic = config.getOptionalValue(prefix + "topic", String.class).orElse(channel);
            String strategy = config.getOptionalValue(prefix + "failure-strategy", String.class).orElse("fail");
            String deadLetter = strategy.equals("dead-letter-queue") || strategy.equals("doorstep-dead-letter")
                    ? config.getOptionalValue(prefix + "dead-letter-queue.topic", String.class).orElse("dead-letter-topic-" + channel)
                    : null;
            consumed.add(new ConsumedTopic(channel, topic, deadLetter));
        }
        consumed.sort(Comparator.comparing(ConsumedTopic::channel));
        return consumed;
    }

    /**
     * Generates the document, reading schemas and producers' catalogue files with the thread's context class loader.
     *
     * @param version  the document's {@code info.version}: the project's version
     * @param consumed the channels the service reads ({@link #consumedTopics})
     * @throws IllegalStateException when a schema file or a producer's catalogue file is missing or not JSON
     */
    public static ObjectNode generate(EventCatalog catalog, String version, List<ConsumedTopic> consumed) {
        AsyncApiDocument document = new AsyncApiDocument(Thread.currentThread().getContextClassLoader());
        document.describe(catalog, version, consumed);
        return document.doc;
    }

    /** The document as YAML (what {@code /asyncapi.yaml} serves and the build writes). */
    public static String yaml(JsonNode document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document as indented JSON ({@code /asyncapi.json}). */
    public static String json(JsonNode document) {
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Per event type of the catalogue, the versions its topic holds and the service reads, oldest first. */
    public static Map<String, List<Integer>> readableVersions(EventCatalog catalog) {
        Map<String, List<Integer>> versions = new TreeMap<>();
        catalog.types().forEach(type -> versions.put(type.name(), catalog.readableVersions(type)));
        return versions;
    }

    private void describe(EventCatalog catalog, String version, List<ConsumedTopic> consumed) {
        String service = catalog.service();
        String ownTopic = EventEnvelope.topicOf(service);
        ObjectNode info = (ObjectNode) doc.get("info");
        info.put("title", "Doorstep " + service + "-service events");
        info.put("version", version);
        info.put("description", "What " + service + "-service publishes on Kafka and what it reads. Every event is a CloudEvent "
                + "1.0 in binary mode: the `ce_*` headers carry its attributes, the record value is its data (JSON), the record "
                + "key is its subject. A topic keeps every event for ever, so each event type is listed at every version still "
                + "on the topic; the current version is what is written now. Delivery is at least once: drop duplicates by "
                + "`ce_id`. Within one order, events arrive in order (`ce_streamversion`).");
        servers();
        components();

        Map<String, Message> own = new LinkedHashMap<>();
        catalog.types().stream().sorted(Comparator.comparing(EventCatalog.EventType::name)).forEach(type -> {
            for (int v : catalog.readableVersions(type)) {
                Message m = new Message(service, type.name(), v, EventEnvelope.cloudEventType(service, type.name(), v),
                        EventEnvelope.dataSchema(service, type.name(), v), type.name() + ".v" + v + ".json", v == type.schemaVersion());
                own.put(m.id(), m);
            }
        });
        String ownChannel = channel(service + "-events", ownTopic, "The events " + service + "-service writes, keyed by subject "
                + "(normally the order id), kept for ever, never compacted.", "/doorstep/" + service, own.values());
        operation("publish", "send", ownChannel, own.keySet(), "Publishes " + service + "-service's events (after each "
                + "command's transaction commits, in the order they were recorded).");

        for (ConsumedTopic c : consumed) {
            String channelId = c.topic().equals(ownTopic) ? ownChannel : channelIdOf(c.topic());
            if (!channels.has(channelId)) {
                consumedChannel(c.topic());
            }
            operation("receive-" + c.channel(), "receive", channelId, messageIds(channelId),
                    "Reads " + c.topic() + " (channel `" + c.channel() + "`): each event once per consumer, by `ce_id`; "
                            + (c.deadLetterTopic() == null ? "a record it cannot process stops the channel."
                            : "a record it cannot process goes to `" + c.deadLetterTopic() + "`."));
            if (c.deadLetterTopic() != null) {
                String dlq = deadLetterChannel(c);
                operation("dead-letter-" + c.channel(), "send", dlq, messageIds(dlq), "Moves a record of " + c.topic()
                        + " that cannot be processed (not a readable CloudEvent, or refused by the reaction) to "
                        + c.deadLetterTopic() + ", unchanged, with the reason in its headers.");
            }
        }
    }

    private void servers() {
        ObjectNode servers = (ObjectNode) doc.get("servers");
        ObjectNode local = servers.putObject("local");
        local.put("host", LOCAL_BOOTSTRAP);
        local.put("protocol", "kafka");
        local.put("description", "The local stack's broker (`./mvnw -Plocal package`; DOORSTEP_LOCAL_KAFKA_PORT moves it), "
                + "plain text, no login.");
        ObjectNode production = servers.putObject("production");
        production.put("host", "{bootstrap}");
        production.put("protocol", "kafka-secure");
        production.put("description", "The Strimzi cluster of deploy/kubernetes: TLS listener (trust the cluster CA), "
                + "SCRAM-SHA-512 login of a KafkaUser with read ACLs on the topics.");
        production.putObject("variables").putObject("bootstrap").put("default", PRODUCTION_BOOTSTRAP)
                .put("description", "host:port of the Kafka bootstrap service");
        production.putArray("security").addObject().put("$ref", "#/components/securitySchemes/scram");
    }

    private void components() {
        ObjectNode components = (ObjectNode) doc.get("components");
        components.putObject("securitySchemes").putObject("scram").put("type", "scramSha512")
                .put("description", "SASL SCRAM-SHA-512 over TLS (security.protocol SASL_SSL).");
        components.putObject("correlationIds").putObject("correlationId")
                .put("description", "The business conversation an event belongs to (from the command's X-Correlation-Id, or "
                        + "generated), carried on by every reaction.")
                .put("location", "$message.header#/ce_correlationid");
        ObjectNode schemas = (ObjectNode) components.get("schemas");
        schemas.set("CloudEventHeaders", cloudEventHeaders());
        schemas.set("DeadLetterHeaders", deadLetterHeaders());
        messages.set("DeadLetter", deadLetterMessage());
    }

    /** The binary-mode CloudEvents headers {@link CloudEventsKafka#toRecord} writes (all text), and the trace context. */
    private static ObjectNode cloudEventHeaders() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object")
                .put("description", "CloudEvents 1.0 attributes in binary mode, one Kafka header each (UTF-8 text).");
        ObjectNode p = schema.putObject("properties");
        text(p, "ce_specversion", "CloudEvents version").put("const", CloudEventsKafka.SPEC_VERSION);
        text(p, "ce_id", "event id, unique for ever: drop duplicates by it").put("format", "uuid");
        text(p, "ce_source", "/doorstep/<service>");
        text(p, "ce_type", "doorstep.<service>.<EventName>.v<N>");
        text(p, "ce_subject", "what the event is about (the order id for an order's events); also the record key");
        text(p, "ce_time", "when it happened, UTC, at most microsecond digits").put("format", "date-time");
        text(p, "ce_dataschema", "the $id of the payload's JSON Schema, urn:doorstep:schema:<service>:<EventName>:v<N>");
        text(p, "content-type", "media type of the record value").put("const", CloudEventsKafka.JSON);
        text(p, "ce_streamid", "the stream (aggregate) the event belongs to; starts with the subject");
        text(p, "ce_streamversion", "position of the event in its stream: 1, 2, 3 … (decimal text)").put("pattern", "^[1-9][0-9]*$");
        text(p, "ce_correlationid", "the business conversation (UUID)").put("format", "uuid");
        text(p, "ce_causationid", "the event that caused this one, when it is a reaction (UUID)").put("format", "uuid");
        text(p, "ce_actorid", "who did it (a user id, or a service for reactions and deadlines)");
        text(p, "ce_actorrole", "the role they acted in");
        text(p, "ce_siteid", "the site (项目/小区), when the event belongs to one");
        text(p, "traceparent", "W3C trace context of the work that recorded the event");
        schema.putArray("required").add("ce_specversion").add("ce_id").add("ce_source").add("ce_type").add("ce_subject")
                .add("ce_time").add("ce_dataschema").add("content-type").add("ce_streamid").add("ce_streamversion")
                .add("ce_correlationid").add("ce_actorid").add("ce_actorrole");
        return schema;
    }

    /** The headers the SmallRye Kafka connector adds to a dead-lettered record. */
    private static ObjectNode deadLetterHeaders() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object")
                .put("description", "The consumed record's own headers (the ce_* headers when it was a CloudEvent), unchanged, "
                        + "and these, added by the consumer that gave up on it.");
        ObjectNode p = schema.putObject("properties");
        text(p, "dead-letter-reason", "why it could not be processed (the error's message)");
        text(p, "dead-letter-cause", "the error's cause, when it had one");
        text(p, "dead-letter-exception-class-name", "the error's class");
        text(p, "dead-letter-cause-class-name", "the cause's class, when it had one");
        text(p, "dead-letter-topic", "the topic the record was read from");
        text(p, "dead-letter-partition", "its partition (decimal text)");
        text(p, "dead-letter-offset", "its offset (decimal text)");
        schema.putArray("required").add("dead-letter-topic").add("dead-letter-partition").add("dead-letter-offset");
        return schema;
    }

    private static ObjectNode deadLetterMessage() {
        ObjectNode m = JSON.createObjectNode();
        m.put("name", "dead-letter");
        m.put("title", "A record that could not be processed");
        m.put("summary", "The consumed record unchanged (key, value, headers), with the reason in dead-letter-* headers.");
        m.put("description", "Replay it to the consumed topic once the cause is fixed; consumers drop a duplicate by `ce_id`.");
        m.putObject("headers").put("$ref", "#/components/schemas/DeadLetterHeaders");
        m.putObject("payload").put("description", "the consumed record's value, unchanged (normally one event's JSON data)");
        m.putObject("bindings").putObject("kafka").put("bindingVersion", KAFKA_BINDINGS).putObject("key").put("type", "string")
                .put("description", "the consumed record's key, unchanged");
        return m;
    }

    private static ObjectNode text(ObjectNode properties, String name, String description) {
        return properties.putObject(name).put("type", "string").put("description", description);
    }

    /** A channel carrying one producer's events, kept for ever; each message is added to the components once. */
    private String channel(String id, String topic, String description, String source, Iterable<Message> events) {
        ObjectNode channel = channels.putObject(id);
        channel.put("address", topic);
        channel.put("title", topic);
        channel.put("description", description);
        ObjectNode refs = channel.putObject("messages");
        for (Message m : events) {
            if (!messages.has(m.id())) {
                messages.set(m.id(), message(m, source));
            }
            refs.putObject(m.id()).put("$ref", "#/components/messages/" + m.id());
        }
        ObjectNode kafka = channel.putObject("bindings").putObject("kafka");
        kafka.put("topic", topic);
        ObjectNode config = kafka.putObject("topicConfiguration");
        config.putArray("cleanup.policy").add("delete");
        config.put("retention.ms", -1);
        kafka.put("bindingVersion", KAFKA_BINDINGS);
        return id;
    }

    private ObjectNode message(Message m, String source) {
        JsonNode schema = read(SCHEMAS + m.producer() + "/" + m.schemaFile());
        ObjectNode message = JSON.createObjectNode();
        message.put("name", m.type());
        message.put("title", m.name() + " (version " + m.version() + ")");
        message.put("summary", schema.hasNonNull("description") ? schema.get("description").asText()
                : m.name() + ", an event of " + m.producer() + "-service.");
        message.put("description", m.current() ? "The current version: " + m.producer() + "-service writes it now."
                : "An older version, still on the topic for ever; " + m.producer() + "-service no longer writes it and reads it "
                + "as the current one through an upcaster.");
        message.put("contentType", CloudEventsKafka.JSON);
        ObjectNode headers = message.putObject("headers");
        ArrayNode allOf = headers.putArray("allOf");
        allOf.addObject().put("$ref", "#/components/schemas/CloudEventHeaders");
        ObjectNode consts = allOf.addObject().putObject("properties");
        consts.putObject("ce_type").put("const", m.type());
        consts.putObject("ce_source").put("const", source);
        consts.putObject("ce_dataschema").put("const", m.dataSchema());
        ObjectNode payload = message.putObject("payload");
        payload.put("schemaFormat", JSON_SCHEMA_2020_12);
        payload.set("schema", schema);
        message.putObject("correlationId").put("$ref", "#/components/correlationIds/correlationId");
        message.putObject("bindings").putObject("kafka").put("bindingVersion", KAFKA_BINDINGS).putObject("key")
                .put("type", "string").put("description", "the event's subject (ce_subject): the order id for an order's "
                        + "events; events not about an order are keyed by what their stream names");
        return message;
    }

    /** The channel of another producer's topic, its messages from the producer's catalogue file and schemas. */
    private void consumedChannel(String topic) {
        Matcher m = EVENTS_TOPIC.matcher(topic);
        if (!m.matches()) {
            throw new IllegalStateException("cannot describe topic " + topic + ": not a doorstep.<service>.events topic");
        }
        String producer = m.group(1);
        JsonNode catalogue = read(SCHEMAS + producer + "/catalog.json");
        List<Message> events = new ArrayList<>();
        for (JsonNode e : catalogue.path("events")) {
            events.add(new Message(producer, e.path("name").asText(), e.path("version").asInt(), e.path("type").asText(),
                    e.path("dataschema").asText(), e.path("schema").asText(), e.path("current").asBoolean()));
        }
        String source = catalogue.path("source").asText("/doorstep/" + producer);
        channel(channelIdOf(topic), topic, "The events " + producer + "-service writes (its own document describes "
                + "them; " + producer + "-service's catalogue: /schemas/" + producer + "/catalog.json).", source, events);
    }

    private String deadLetterChannel(ConsumedTopic c) {
        String id = c.channel() + "-dead-letters";
        ObjectNode channel = channels.putObject(id);
        channel.put("address", c.deadLetterTopic());
        channel.put("title", c.deadLetterTopic());
        channel.put("description", "Records of " + c.topic() + " that this service's channel `" + c.channel() + "` could not "
                + "process, unchanged, with the reason. Kept for doorstep.topics.dead-letter-retention (default 90 days).");
        channel.putObject("messages").putObject("DeadLetter").put("$ref", "#/components/messages/DeadLetter");
        channel.putObject("bindings").putObject("kafka").put("topic", c.deadLetterTopic()).put("bindingVersion", KAFKA_BINDINGS);
        return id;
    }

    private static String channelIdOf(String topic) {
        Matcher m = EVENTS_TOPIC.matcher(topic);
        return m.matches() ? m.group(1) + "-events" : topic;
    }

    private List<String> messageIds(String channelId) {
        List<String> ids = new ArrayList<>();
        channels.get(channelId).get("messages").fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    private void operation(String id, String action, String channelId, Iterable<String> messageIds, String description) {
        ObjectNode operation = operations.putObject(id);
        operation.put("action", action);
        operation.putObject("channel").put("$ref", "#/channels/" + channelId);
        operation.put("description", description);
        ArrayNode refs = operation.putArray("messages");
        for (String m : messageIds) {
            refs.addObject().put("$ref", "#/channels/" + channelId + "/messages/" + m);
        }
    }

    private JsonNode read(String path) {
        try (InputStream in = resources.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no " + path + " on the classpath (a schema or a producer's catalogue file: "
                        + "the service depends on its own contract and on the contracts of the topics it reads)");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
