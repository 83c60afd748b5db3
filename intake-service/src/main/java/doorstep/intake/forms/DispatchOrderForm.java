package doorstep.intake.forms;

import static doorstep.intake.forms.FormText.label;
import static doorstep.intake.forms.FormText.list;
import static doorstep.intake.forms.FormText.number;
import static doorstep.intake.forms.FormText.text;
import static doorstep.intake.forms.FormText.yesNo;
import static doorstep.intake.forms.FormText.yuan;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.TimelineEntry;

/**
 * The dispatch order (派工单) as the technician shows it and the owner signs it (公开出示派工单,服务完毕后请用户签署意见),
 * printed from the order's cross-service timeline (D55): the five elements (派工单五要素), the technician and
 * appointment, each visit and the accumulated handling time (处理时间, to the second), the survey, the service items
 * and materials with their prices from the charge (单价以收费表为准), adjustments, payments, refunds and balance,
 * the result (处理结果), completion checks (三到位), the owner's rating and signature or the team leader's
 * verification without it, the technician's signature, review and archiving. Signatures are printed as the
 * references the events hold (the images live in the front-end's storage). Personal values are printed as the
 * timeline holds them: clear text, or 已删除 once erased (D48).
 */
public final class DispatchOrderForm {

    private DispatchOrderForm() {
    }

    /**
     * The form as print-ready HTML ({@code <html lang="zh-CN">}, UTF-8, print CSS), times in the site's zone
     * ({@code ProblemReported.siteTimeZone}). A timeline cut at an instant prints the form as it stood then.
     *
     * @param timeline the order's entries from all four services, in causal order, personal fields revealed
     * @throws NotFound when the timeline holds no {@code ProblemReported} (there is no dispatch order to print)
     */
    public static String render(List<TimelineEntry> timeline) {
        return render(timeline, null);
    }

    /**
     * As {@link #render(List)}, times printed in {@code zone}; a null zone means the site's.
     *
     * @throws NotFound when the timeline holds no {@code ProblemReported}
     */
    public static String render(List<TimelineEntry> timeline, ZoneId zone) {
        return FormTemplates.render("forms/dispatch-order", "sheet", sheet(timeline, zone));
    }

    /**
     * What the form shows, read from the timeline.
     *
     * @throws NotFound when the timeline holds no {@code ProblemReported}
     */
    public static DispatchSheet sheet(List<TimelineEntry> timeline, ZoneId zone) {
        Timeline t = new Timeline(timeline);
        TimelineEntry reported = t.first("intake", "ProblemReported").orElseThrow(() -> new NotFound("dispatch order",
                timeline == null || timeline.isEmpty() ? "(no events)" : timeline.get(0).streamId()));
        JsonNode p = reported.data();
        ZoneId z = zone != null ? zone : zoneOf(text(p, "siteTimeZone"));
        DispatchSheet.Report report = report(t, p, z);
        DispatchSheet.Assignment assignment = assignment(t, z);
        DispatchSheet.Visits visits = visits(t, z);
        DispatchSheet.Completion completion = completion(t, z);
        DispatchSheet.Acceptance acceptance = acceptance(t, z);
        DispatchSheet.Closing closing = closing(t, z);
        String status = status(t, visits);
        DispatchSheet.Header header = new DispatchSheet.Header(text(p, "orderNumber"), text(p, "orderId"), text(p, "siteId"),
                z.getId(), t.asOf().map(at -> FormText.time(at, z)).orElse(""), t.size(), status);
        return new DispatchSheet(header, report, assignment, visits, survey(t, z), bill(t, z), completion, acceptance, closing);
    }

    static ZoneId zoneOf(String id) {
        try {
            return id.isEmpty() ? ZoneId.of("Asia/Shanghai") : ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            return ZoneId.of("Asia/Shanghai");
        }
    }

    private static DispatchSheet.Report report(Timeline t, JsonNode p, ZoneId z) {
        String content = text(p, "content");
        JsonNode reporter = p.path("reporter");
        JsonNode visitTime = p.path("visitTime");
        String warranty = yesNo(p, "warranty");
        String amendedAt = "";
        for (TimelineEntry e : t.all("intake", "OrderAmended")) {
            JsonNode a = e.data();
            content = a.hasNonNull("content") ? text(a, "content") : content;
            reporter = a.hasNonNull("reporter") ? a.get("reporter") : reporter;
            visitTime = a.hasNonNull("visitTime") ? a.get("visitTime") : visitTime;
            warranty = a.hasNonNull("warranty") ? yesNo(a, "warranty") : warranty;
            amendedAt = FormText.time(a, "amendedAt", z);
        }
        JsonNode location = p.path("location");
        String kind = text(location, "kind");
        String place = "PUBLIC_AREA".equals(kind) ? text(location, "publicArea") : text(location, "unitLabel");
        JsonNode phone = reporter.path("phone");
        JsonNode owner = p.path("legalOwner");
        String ownerPhones = list(owner, "phones").stream().map(DispatchOrderForm::phone).collect(Collectors.joining("、"));
        JsonNode cancelled = t.lastData("intake", "OrderCancelled");
        return new DispatchSheet.Report(place, label(FormText.LOCATION_KIND, kind), text(location, "unitId"),
                text(reporter, "name"), text(phone, "canonical"), text(phone, "extension"), text(phone, "fallbackDial"),
                visitTime(visitTime, z), content, FormText.time(p, "reportedAt", z), label(FormText.CHANNEL, text(p, "channel")),
                text(p, "reportingDepartment"), warranty, text(owner, "name"), ownerPhones, text(p, "repeatOf"), amendedAt,
                FormText.time(cancelled, "cancelledAt", z), text(cancelled, "reason"));
    }

    /** 上门时间: the agreed time, or 尽快 (as soon as possible: within 15 minutes of dispatch). */
    private static String visitTime(JsonNode visitTime, ZoneId z) {
        String agreed = FormText.time(visitTime, "agreedAt", z);
        if (!agreed.isEmpty()) {
            return agreed;
        }
        return visitTime.path("asSoonAsPossible").asBoolean() ? "尽快" : "";
    }

    private static String phone(JsonNode phone) {
        String extension = text(phone, "extension");
        return text(phone, "canonical") + (extension.isEmpty() ? "" : " 转 " + extension);
    }

    private static DispatchSheet.Assignment assignment(Timeline t, ZoneId z) {
        JsonNode assigned = t.lastData("dispatch", "TechnicianAssigned");
        JsonNode accepted = t.lastData("dispatch", "AssignmentAccepted");
        JsonNode appointment = t.lastData("dispatch", "AppointmentBooked");
        return new DispatchSheet.Assignment(text(assigned, "technicianName"), text(assigned, "technicianId"),
                FormText.time(assigned, "assignedAt", z), FormText.time(assigned, "arrivalDueAt", z),
                FormText.time(accepted, "at", z), FormText.time(appointment, "appointmentAt", z), text(appointment, "bookedBy"),
                text(appointment, "note"));
    }

    private static DispatchSheet.Visits visits(Timeline t, ZoneId z) {
        Map<Integer, DispatchSheet.Visit> visits = new LinkedHashMap<>();
        for (TimelineEntry e : t.all("dispatch", "VisitStarted")) {
            int n = e.data().path("visitNumber").asInt();
            visits.put(n, new DispatchSheet.Visit(n, text(e.data(), "technicianId"), FormText.time(e.data(), "at", z), "", "", 0,
                    yesNo(e.data(), "onTime")));
        }
        long total = 0;
        for (TimelineEntry e : t.all("dispatch", "VisitEnded")) {
            JsonNode d = e.data();
            int n = d.path("visitNumber").asInt();
            long seconds = number(d, "durationSeconds");
            total += seconds;
            DispatchSheet.Visit started = visits.get(n);
            visits.put(n, new DispatchSheet.Visit(n, started == null ? "" : started.technicianId(), FormText.time(d, "startedAt", z),
                    FormText.time(d, "endedAt", z), FormText.duration(seconds), seconds, started == null ? "" : started.onTime()));
        }
        boolean inProgress = visits.values().stream().anyMatch(v -> v.endedAt().isEmpty());
        return new DispatchSheet.Visits(List.copyOf(visits.values()), visits.isEmpty() ? "" : FormText.duration(total), total,
                inProgress);
    }

    private static DispatchSheet.Survey survey(Timeline t, ZoneId z) {
        JsonNode s = t.lastData("dispatch", "SurveyRecorded");
        String paid = s.has("paid") ? (s.get("paid").asBoolean() ? "有偿服务" : "无偿服务") : "";
        return new DispatchSheet.Survey(FormText.time(s, "at", z), paid, label(FormText.PART, text(s, "part")),
                yesNo(s, "warranty"), text(s, "notes"));
    }

    private static DispatchSheet.Bill bill(Timeline t, ZoneId z) {
        JsonNode charge = t.lastData("billing", "ChargeRaised");
        boolean charged = !charge.isMissingNode();
        JsonNode breakdown = charge.path("breakdown");
        List<DispatchSheet.Line> lines = list(breakdown, "lines").stream().map(l -> new DispatchSheet.Line(
                label(FormText.LINE_KIND, text(l, "kind")), text(l, "code"), text(l, "name"), l.path("quantity").asInt(),
                label(FormText.ITEM_UNIT, text(l, "unit")), yuan(number(l, "unitPriceFen")), yuan(number(l, "amountFen")),
                text(l, "basis"))).toList();
        List<DispatchSheet.Absorbed> absorbed = list(breakdown, "absorbed").stream().map(a -> new DispatchSheet.Absorbed(
                text(a, "code"), a.path("window").asInt(), yuan(number(a, "priceFen")), text(a, "chargedInstead"))).toList();
        JsonNode completed = t.lastData("dispatch", "WorkCompleted");
        List<DispatchSheet.Performed> performed = charged ? List.of() : list(completed, "serviceItems").stream()
                .map(i -> new DispatchSheet.Performed(text(i, "code"), FormText.time(i, "performedAt", z))).toList();
        List<DispatchSheet.MaterialUsed> materials = charged ? List.of() : list(completed, "materialsUsed").stream()
                .map(m -> new DispatchSheet.MaterialUsed(text(m, "code"), text(m, "name"), m.path("quantity").asInt())).toList();
        long balance = number(charge, "totalFen");
        List<DispatchSheet.Money> adjustments = new ArrayList<>();
        for (TimelineEntry e : t.all("billing", "ChargeAdjusted")) {
            JsonNode d = e.data();
            balance += number(d, "amountFen");
            adjustments.add(new DispatchSheet.Money(yuan(number(d, "amountFen")), text(d, "reason"), text(d, "adjustedBy"),
                    FormText.time(d, "at", z)));
        }
        List<DispatchSheet.Payment> payments = new ArrayList<>();
        for (TimelineEntry e : t.all("billing", "PaymentRecorded")) {
            JsonNode d = e.data();
            balance -= number(d, "amountFen");
            payments.add(new DispatchSheet.Payment(yuan(number(d, "amountFen")), label(FormText.PAYMENT_METHOD, text(d, "method")),
                    text(d, "payer"), text(d, "receivedBy"), FormText.time(d, "at", z)));
        }
        List<DispatchSheet.Money> refunds = new ArrayList<>();
        for (TimelineEntry e : t.all("billing", "RefundIssued")) {
            JsonNode d = e.data();
            balance += number(d, "amountFen");
            refunds.add(new DispatchSheet.Money(yuan(number(d, "amountFen")), text(d, "reason"), text(d, "issuedBy"),
                    FormText.time(d, "at", z)));
        }
        JsonNode quote = t.lastData("billing", "QuoteIssued");
        JsonNode accepted = t.lastData("billing", "QuoteAccepted");
        boolean quoteAccepted = !accepted.isMissingNode() && text(accepted, "quoteId").equals(text(quote, "quoteId"));
        return new DispatchSheet.Bill(charged, lines, absorbed, charged ? text(breakdown, "scheduleVersion") : "",
                charged ? yuan(number(charge, "totalFen")) : "", FormText.time(charge, "at", z), performed, materials,
                label(FormText.NO_CHARGE, text(t.lastData("billing", "NoChargeRecorded"), "reason")), adjustments, payments, refunds,
                charged ? yuan(balance) : "", text(quote, "quoteId"), quote.isMissingNode() ? "" : yuan(number(quote, "totalFen")),
                quoteAccepted ? FormText.time(accepted, "acceptedAt", z) : "", quoteAccepted ? text(accepted, "signatureRef") : "");
    }

    private static DispatchSheet.Completion completion(Timeline t, ZoneId z) {
        JsonNode c = t.lastData("dispatch", "WorkCompleted");
        JsonNode checks = c.path("checks");
        List<DispatchSheet.Continued> continued = t.all("dispatch", "TrackingContinued").stream().map(e -> new DispatchSheet.Continued(
                text(e.data(), "reason"), text(e.data(), "handler"), FormText.time(e.data(), "at", z))).toList();
        JsonNode converted = t.lastData("dispatch", "ConvertedToCoordination");
        JsonNode coordination = t.lastData("followup", "CoordinationOrderOpened");
        return new DispatchSheet.Completion(FormText.time(c, "at", z), text(c, "result"), yesNo(checks, "siteCleaned"),
                yesNo(checks, "testedAndDemonstrated"), yesNo(checks, "useExplained"), text(checks, "skippedReason"), continued,
                FormText.time(converted, "at", z), label(FormText.CONVERSION_RULE, text(converted, "rule")),
                text(coordination, "coordinationNumber"), text(c, "technicianId"), text(c, "technicianSignatureRef"));
    }

    private static DispatchSheet.Acceptance acceptance(Timeline t, ZoneId z) {
        JsonNode owner = t.lastData("dispatch", "OwnerAccepted");
        JsonNode verified = t.lastData("dispatch", "VerifiedWithoutOwnerSignature");
        String rating = owner.hasNonNull("rating") ? owner.get("rating").asInt() + "/5" : "";
        return new DispatchSheet.Acceptance(rating, text(owner, "comment"), text(owner, "signatureRef"), FormText.time(owner, "at", z),
                !verified.isMissingNode(), text(verified, "teamLeaderId"), text(verified, "reason"), FormText.time(verified, "at", z));
    }

    private static DispatchSheet.Closing closing(Timeline t, ZoneId z) {
        JsonNode reviewed = t.lastData("dispatch", "ReviewedByTeamLeader");
        JsonNode archived = t.lastData("dispatch", "Archived");
        return new DispatchSheet.Closing(text(reviewed, "teamLeaderId"), FormText.time(reviewed, "at", z), text(reviewed, "note"),
                text(archived, "archivedBy"), FormText.time(archived, "at", z));
    }

    /** The order's standing as the form shows it, the furthest step recorded. */
    private static String status(Timeline t, DispatchSheet.Visits visits) {
        if (t.has("intake", "OrderCancelled") || t.has("dispatch", "DispatchWithdrawn")) {
            return "已取消";
        }
        if (t.has("dispatch", "Archived")) {
            return "已归档";
        }
        if (t.has("dispatch", "ConvertedToCoordination")) {
            return "已转协调单";
        }
        if (t.has("dispatch", "OwnerAccepted") || t.has("dispatch", "VerifiedWithoutOwnerSignature")) {
            return "已验收";
        }
        if (t.has("dispatch", "WorkCompleted")) {
            return "已完成,待验收";
        }
        if (visits.inProgress()) {
            return "上门处理中";
        }
        if (t.has("dispatch", "TechnicianAssigned")) {
            return "已派工";
        }
        return "已报事,待派工";
    }
}
