package doorstep.intake.forms;

import static doorstep.intake.forms.FormText.label;
import static doorstep.intake.forms.FormText.text;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.TimelineEntry;

/**
 * The coordination order (协调单) with its numbered continuation pages (协调单续页), printed from the order's
 * cross-service timeline (D55): the coordination number, the order it came from, the conversion rule and time, the
 * tracker; each tracking entry (跟踪时间, 跟踪人, 地点, 联系人, 联系方式, 内容, 意见, 处理方案, corrections noted) on the
 * page the producer assigned it ({@code TrackingEntryRecorded.page}; 协调内容记录满后,应及时使用协调单续页), each page
 * with a header repeating the coordination number and the page number and a page break before it when printed;
 * the leader's and supervisor's checks signed off (班长检查两次/月, 主管一次/月, 签字确认); the result (协调结果) with the
 * customer's and the tracker's signatures as references; the archiving. Personal values (contact person, contact
 * method, opinions, signatures) are printed as the timeline holds them: clear text, or 已删除 once erased (D48).
 */
public final class CoordinationOrderForm {

    private CoordinationOrderForm() {
    }

    /**
     * The form as print-ready HTML, times in the site's zone ({@code CoordinationOrderOpened.siteTimeZone}). A timeline
     * cut at an instant prints the form as it stood then.
     *
     * @param timeline the order's entries from all four services, in causal order, personal fields revealed
     * @throws NotFound when the timeline holds no {@code CoordinationOrderOpened} (the order was never converted)
     */
    public static String render(List<TimelineEntry> timeline) {
        return FormTemplates.render("forms/coordination-order", "sheet", sheet(timeline));
    }

    /**
     * What the form shows, read from the timeline.
     *
     * @throws NotFound when the timeline holds no {@code CoordinationOrderOpened}
     */
    public static CoordinationSheet sheet(List<TimelineEntry> timeline) {
        Timeline t = new Timeline(timeline);
        TimelineEntry opened = t.first("followup", "CoordinationOrderOpened").orElseThrow(() -> new NotFound("coordination order",
                timeline == null || timeline.isEmpty() ? "(no events)" : timeline.get(0).streamId()));
        JsonNode o = opened.data();
        ZoneId z = DispatchOrderForm.zoneOf(text(o, "siteTimeZone"));
        JsonNode reported = t.lastData("intake", "ProblemReported");
        JsonNode location = reported.path("location");
        String place = "PUBLIC_AREA".equals(text(location, "kind")) ? text(location, "publicArea") : text(location, "unitLabel");
        String tracker = text(o, "trackerId");
        String trackerAssignedAt = "";
        JsonNode assigned = t.lastData("followup", "TrackerAssigned");
        if (!assigned.isMissingNode()) {
            tracker = text(assigned, "trackerId");
            trackerAssignedAt = FormText.time(assigned, "at", z);
        }
        JsonNode resolved = t.lastData("followup", "CoordinationResolved");
        JsonNode archived = t.lastData("followup", "CoordinationArchived");
        String status = !archived.isMissingNode() ? "已归档" : !resolved.isMissingNode() ? "已完结" : "跟踪中";
        String orderNumber = text(reported, "orderNumber");
        CoordinationSheet.Header header = new CoordinationSheet.Header(text(o, "coordinationNumber"),
                orderNumber, text(o, "orderId"), text(o, "siteId"), z.getId(), place, text(reported, "content"),
                label(FormText.CONVERSION_RULE, text(o, "conversionRule")), FormText.time(o, "convertedAt", z),
                FormText.time(o, "at", z), tracker, trackerAssignedAt, t.asOf().map(at -> FormText.time(at, z)).orElse(""),
                t.size(), status);
        List<CoordinationSheet.Check> checks = t.all("followup", "CheckSignedOff").stream().map(e -> new CoordinationSheet.Check(
                label(FormText.CADENCE, text(e.data(), "cadence")), text(e.data(), "checkerId"), text(e.data(), "comment"),
                FormText.time(e.data(), "at", z))).toList();
        List<CoordinationSheet.Exemption> exemptions = t.all("followup", "CadenceExempted").stream().map(e ->
                new CoordinationSheet.Exemption(label(FormText.CADENCE, text(e.data(), "cadence")), text(e.data(), "reason"),
                        text(e.data(), "grantedBy"), FormText.time(e.data(), "at", z))).toList();
        CoordinationSheet.Resolution resolution = new CoordinationSheet.Resolution(text(resolved, "result"),
                text(resolved, "customerSignatureRef"), text(resolved, "trackerSignatureRef"), FormText.time(resolved, "at", z),
                text(archived, "archivedBy"), FormText.time(archived, "at", z));
        return new CoordinationSheet(header, pages(t, z), checks, exemptions, resolution);
    }

    /** The entries grouped by the page the producer gave them; page 1 always exists (the form itself). */
    private static List<CoordinationSheet.Page> pages(Timeline t, ZoneId z) {
        List<TimelineEntry> recorded = t.all("followup", "TrackingEntryRecorded");
        Map<Integer, List<String>> correctedBy = new LinkedHashMap<>();
        for (TimelineEntry e : recorded) {
            JsonNode d = e.data();
            if (d.hasNonNull("correctsEntry")) {
                correctedBy.computeIfAbsent(d.get("correctsEntry").asInt(), n -> new ArrayList<>()).add(text(d, "entryNumber"));
            }
        }
        TreeMap<Integer, List<CoordinationSheet.Entry>> byPage = new TreeMap<>();
        byPage.put(1, new ArrayList<>());
        for (TimelineEntry e : recorded) {
            JsonNode d = e.data();
            int number = d.path("entryNumber").asInt();
            int page = Math.max(1, d.path("page").asInt(1));
            byPage.computeIfAbsent(page, p -> new ArrayList<>()).add(new CoordinationSheet.Entry(number,
                    FormText.time(d, "trackedAt", z), text(d, "recordedBy"), text(d, "place"), text(d, "contactPerson"),
                    text(d, "contactMethod"), text(d, "content"), text(d, "opinions"), text(d, "plan"), text(d, "correctsEntry"),
                    String.join("、", correctedBy.getOrDefault(number, List.of())), FormText.time(d, "at", z)));
        }
        int of = byPage.lastKey();
        List<CoordinationSheet.Page> pages = new ArrayList<>();
        for (int n = 1; n <= of; n++) {
            pages.add(new CoordinationSheet.Page(n, n == 1 ? "协调单" : "续页 " + (n - 1), of, n > 1,
                    List.copyOf(byPage.getOrDefault(n, List.of()))));
        }
        return pages;
    }
}
