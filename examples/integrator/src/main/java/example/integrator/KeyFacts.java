package example.integrator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The few facts of an event worth a glance, as one short text: chosen per type for the types this integrator
 * knows (by full type, so a new version falls back to the generic rule until someone looks at it), and for any
 * other type a few scalar fields of the data. Personal values are never shown: the explicit choices name no
 * personal field, and the generic rule skips every field the schema says may be sealed (D48).
 */
public final class KeyFacts {

    /** How many fields the generic rule shows. */
    static final int GENERIC_FIELDS = 4;
    /** Longer texts are cut to this many characters and end in "…". */
    static final int MAX_TEXT = 40;
    private static final Set<String> SHOWN_ELSEWHERE = Set.of("orderId", "orderNumber", "siteTimeZone", "at");

    private static final Map<String, Function<JsonNode, String>> EXPLICIT = Map.ofEntries(
            Map.entry("doorstep.intake.ProblemReported.v1", d -> join(
                    "site=" + text(d, "siteId"),
                    or(text(d.path("location"), "unitLabel"), text(d.path("location"), "publicArea")),
                    d.path("visitTime").path("asSoonAsPossible").asBoolean() ? "visit ASAP" : "visit at " + text(d.path("visitTime"), "agreedAt"),
                    d.path("warranty").asBoolean() ? "warranty" : null,
                    d.hasNonNull("repeatOf") ? "repeat of " + text(d, "repeatOf") : null,
                    quoted(text(d, "content")))),
            Map.entry("doorstep.intake.OrderDispatched.v1", d -> "technician=" + text(d, "technicianId")),
            Map.entry("doorstep.dispatch.DispatchOpened.v1", KeyFacts::dispatchOpened),
            Map.entry("doorstep.dispatch.DispatchOpened.v2", KeyFacts::dispatchOpened), // v2: the extension always present
            Map.entry("doorstep.dispatch.TechnicianAssigned.v1", d -> join(
                    "technician=" + text(d, "technicianId"), "arrival due " + text(d, "arrivalDueAt"),
                    d.hasNonNull("previousTechnicianId") ? "instead of " + text(d, "previousTechnicianId") : null)),
            Map.entry("doorstep.dispatch.ConversionDeadlineSet.v1", d -> "rule=" + text(d, "rule") + " due " + text(d, "dueAt")),
            Map.entry("doorstep.dispatch.VisitStarted.v1", d -> join(
                    "visit " + d.path("visitNumber").asInt(), d.path("onTime").asBoolean() ? "on time" : "late")),
            Map.entry("doorstep.dispatch.VisitEnded.v1", d -> join(
                    "visit " + d.path("visitNumber").asInt(), "lasted " + duration(d.path("durationSeconds").asLong()),
                    "handling so far " + duration(d.path("handlingSecondsSoFar").asLong()))),
            Map.entry("doorstep.dispatch.SurveyRecorded.v1", d -> join(
                    d.path("paid").asBoolean() ? "paid work" : "free work", "part=" + text(d, "part"),
                    d.path("warranty").asBoolean() ? "warranty" : null)),
            Map.entry("doorstep.dispatch.WorkCompleted.v1", d -> join(
                    d.path("paid").asBoolean() ? "paid" : "free", "handling " + duration(d.path("handlingSeconds").asLong()),
                    d.path("visits").size() + (d.path("visits").size() == 1 ? " visit" : " visits"))),
            Map.entry("doorstep.dispatch.OwnerAccepted.v1", d -> "rating " + d.path("rating").asInt() + "/5"),
            Map.entry("doorstep.dispatch.ConvertedToCoordination.v1", d -> "rule=" + text(d, "rule") + " due " + text(d, "dueAt")),
            Map.entry("doorstep.billing.QuoteIssued.v1", d -> "quote " + yuan(d.path("totalFen").asLong())),
            Map.entry("doorstep.billing.QuoteAccepted.v1", d -> "quote " + yuan(d.path("totalFen").asLong()) + " accepted"),
            Map.entry("doorstep.billing.ChargeRaised.v1", d -> join(
                    "charged " + yuan(d.path("totalFen").asLong()), "schedule v" + d.path("breakdown").path("scheduleVersion").asInt())),
            Map.entry("doorstep.billing.NoChargeRecorded.v1", d -> "no charge: " + text(d, "reason")),
            Map.entry("doorstep.billing.PaymentRecorded.v1", d -> "paid " + yuan(d.path("amountFen").asLong()) + " by " + text(d, "method")),
            Map.entry("doorstep.billing.ChargeAdjusted.v1", d -> join("adjusted " + yuan(d.path("amountFen").asLong()), quoted(text(d, "reason")))),
            Map.entry("doorstep.billing.RefundIssued.v1", d -> join("refunded " + yuan(d.path("amountFen").asLong()), quoted(text(d, "reason")))),
            Map.entry("doorstep.followup.CoordinationOrderOpened.v1", d -> join(
                    "coordination order " + text(d, "coordinationNumber"), "rule=" + text(d, "conversionRule"),
                    "first entry due " + text(d, "firstEntryDueAt"))),
            Map.entry("doorstep.followup.CallbackScheduled.v1", d -> "callback: " + StreamSupport.stream(d.path("reasons").spliterator(), false)
                    .map(JsonNode::asText).collect(Collectors.joining(","))),
            Map.entry("doorstep.followup.CallbackCompleted.v1", d -> join(
                    "satisfaction " + d.path("satisfaction").asInt() + "/5", d.path("problemPersists").asBoolean() ? "problem persists" : null)),
            Map.entry("doorstep.followup.RetentionScheduled.v1", d -> text(d, "recordKind") + " kept "
                    + (d.hasNonNull("retainUntil") ? "until " + text(d, "retainUntil") : "for ever")));

    private KeyFacts() {
    }

    /**
     * The key facts of valid data.
     *
     * @param type           the event's {@code type}, e.g. {@code doorstep.dispatch.WorkCompleted.v1}
     * @param data           the event's data, valid against its schema
     * @param personalFields the top-level fields the schema says may be sealed
     */
    public static String of(String type, JsonNode data, Set<String> personalFields) {
        Function<JsonNode, String> explicit = EXPLICIT.get(type);
        return explicit != null ? explicit.apply(data) : generic(data, personalFields);
    }

    private static String dispatchOpened(JsonNode d) {
        return join("site=" + text(d, "siteId"), or(text(d, "unitLabel"), text(d, "locationKind")),
                d.path("warranty").asBoolean() ? "warranty" : null);
    }

    /** Up to {@link #GENERIC_FIELDS} top-level scalars as name=value, in the data's order, personal fields skipped. */
    static String generic(JsonNode data, Set<String> personalFields) {
        List<String> facts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : data.properties()) {
            JsonNode value = field.getValue();
            if (facts.size() < GENERIC_FIELDS && value.isValueNode() && !value.isNull() && !personalFields.contains(field.getKey())
                    && !SHOWN_ELSEWHERE.contains(field.getKey())) {
                facts.add(field.getKey() + "=" + cut(value.asText()));
            }
        }
        return String.join(" ", facts);
    }

    /** An amount in fen as yuan, e.g. 4600 → ¥46.00, -150 → -¥1.50. */
    static String yuan(long fen) {
        return (fen < 0 ? "-" : "") + "¥" + Math.abs(fen) / 100 + "." + String.format("%02d", Math.abs(fen) % 100);
    }

    /** Seconds as e.g. 28m00s or 1h02m03s. */
    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return h > 0 ? String.format("%dh%02dm%02ds", h, m, s) : String.format("%dm%02ds", m, s);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static String quoted(String text) {
        return text == null ? null : "\"" + cut(text) + "\"";
    }

    private static String cut(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT - 1) + "…";
    }

    private static String join(String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            if (part != null) {
                present.add(part);
            }
        }
        return String.join(" ", present);
    }
}
