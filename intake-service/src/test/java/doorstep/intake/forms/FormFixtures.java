package doorstep.intake.forms;

import java.util.function.UnaryOperator;

/** Scripted order lifecycles as the desk's cross-service timeline holds them (times UTC; the site is in Asia/Shanghai). */
final class FormFixtures {

    static final String ERASED = "已删除";
    /** Followup's page size (its CoordinationOrder.ENTRIES_PER_PAGE), which assigns each entry its page. */
    static final int ENTRIES_PER_PAGE = 10;

    private FormFixtures() {
    }

    /**
     * Paid work: reported with an agreed time, appointment booked, two visits (23分15秒 + 31分07秒 = 54分22秒), a quote
     * accepted, items and materials charged 75.00 (a bulb absorbed by the toilet's higher standard in the same
     * window), adjusted −5.50, paid 60.00 (balance 9.50), rated 5 and signed by the owner, reviewed and archived.
     *
     * @param personal what the timeline shows for each personal value: itself, or 已删除 after erasure
     */
    static FormTimeline paidOrder(String orderId, UnaryOperator<String> personal) {
        FormTimeline t = new FormTimeline(orderId);
        t.add("intake", "ProblemReported", "2026-11-30T01:00:00Z", "agent-1", "agent", """
                {"orderId":"%s","orderNumber":"PG-20261130-0001","siteId":"site-1","siteTimeZone":"Asia/Shanghai",
                 "location":{"kind":"IN_UNIT","unitId":"u-1-101","unitLabel":"1栋1单元101","publicArea":null},
                 "reporter":{"name":"%s","phone":{"canonical":"%s","extension":null,"fallbackDial":"%s","kind":"MOBILE"}},
                 "legalOwner":{"name":"%s","phones":[{"canonical":"%s","extension":"%s","fallbackDial":null,"kind":"LANDLINE"}]},
                 "visitTime":{"agreedAt":"2026-11-30T03:00:00Z","asSoonAsPossible":false},
                 "content":"卫生间灯不亮,马桶堵塞","reportedAt":"2026-11-30T01:00:00Z","channel":"CUSTOMER_CENTER",
                 "reportingDepartment":null,"warranty":false,"repeatOf":null}
                """.formatted(orderId, personal.apply("王女士"), personal.apply("13800138000"), personal.apply("013800138000"),
                personal.apply("王先生"), personal.apply("02887654321"), personal.apply("8001")));
        t.add("dispatch", "TechnicianAssigned", "2026-11-30T01:05:00Z", "agent-1", "agent", """
                {"technicianId":"tech-7","technicianName":"李师傅","previousTechnicianId":null,
                 "assignedAt":"2026-11-30T01:05:00Z","arrivalDueAt":"2026-11-30T01:20:00Z"}
                """);
        t.add("dispatch", "AssignmentAccepted", "2026-11-30T01:06:00Z", "tech-7", "technician", """
                {"technicianId":"tech-7","at":"2026-11-30T01:06:00Z"}
                """);
        t.add("dispatch", "AppointmentBooked", "2026-11-30T01:10:00Z", "tech-7", "technician", """
                {"appointmentAt":"2026-11-30T03:00:00Z","arrivalDueAt":"2026-11-30T02:57:00Z","bookedBy":"tech-7","note":"%s"}
                """.formatted(personal.apply("业主中午在家")));
        t.add("dispatch", "VisitStarted", "2026-11-30T02:56:30Z", "tech-7", "technician", """
                {"visitNumber":1,"technicianId":"tech-7","at":"2026-11-30T02:56:30Z","onTime":true}
                """);
        t.add("dispatch", "SurveyRecorded", "2026-11-30T03:00:00Z", "tech-7", "technician", """
                {"at":"2026-11-30T03:00:00Z","paid":true,"part":"PRIVATE","warranty":false,"notes":"灯泡损坏,马桶堵塞"}
                """);
        t.add("billing", "QuoteIssued", "2026-11-30T03:02:00Z", "tech-7", "technician", """
                {"quoteId":"q-1","orderId":"%s","scheduleVersion":3,"totalFen":7500,"issuedBy":"tech-7","at":"2026-11-30T03:02:00Z",
                 "breakdown":%s}
                """.formatted(orderId, breakdown()));
        t.add("billing", "QuoteAccepted", "2026-11-30T03:04:00Z", "tech-7", "technician", """
                {"quoteId":"q-1","orderId":"%s","scheduleVersion":3,"totalFen":7500,"signatureRef":"%s","acceptedAt":"2026-11-30T03:04:00Z"}
                """.formatted(orderId, personal.apply("sig://quote/q-1")));
        t.add("dispatch", "VisitEnded", "2026-11-30T03:19:45Z", "tech-7", "technician", """
                {"visitNumber":1,"startedAt":"2026-11-30T02:56:30Z","endedAt":"2026-11-30T03:19:45Z","durationSeconds":1395,
                 "handlingSecondsSoFar":1395}
                """);
        t.add("dispatch", "VisitStarted", "2026-11-30T06:00:00Z", "tech-7", "technician", """
                {"visitNumber":2,"technicianId":"tech-7","at":"2026-11-30T06:00:00Z","onTime":false}
                """);
        t.add("dispatch", "VisitEnded", "2026-11-30T06:31:07Z", "tech-7", "technician", """
                {"visitNumber":2,"startedAt":"2026-11-30T06:00:00Z","endedAt":"2026-11-30T06:31:07Z","durationSeconds":1867,
                 "handlingSecondsSoFar":3262}
                """);
        t.add("dispatch", "WorkCompleted", "2026-11-30T06:31:07Z", "tech-7", "technician", """
                {"result":"更换LED灯泡两只,疏通马桶,试用正常","technicianId":"tech-7","technicianSignatureRef":"%s",
                 "serviceItems":[{"code":"S01","performedAt":"2026-11-30T03:10:00Z"},{"code":"S02","performedAt":"2026-11-30T03:15:00Z"}],
                 "materialsUsed":[{"code":"M01","name":"LED灯泡","quantity":2}],
                 "handlingSeconds":3262,
                 "visits":[{"startedAt":"2026-11-30T02:56:30Z","endedAt":"2026-11-30T03:19:45Z"},
                           {"startedAt":"2026-11-30T06:00:00Z","endedAt":"2026-11-30T06:31:07Z"}],
                 "paid":true,"part":"PRIVATE","warranty":false,
                 "checks":{"siteCleaned":true,"testedAndDemonstrated":true,"useExplained":true,"skippedReason":null},
                 "reviewAndArchiveDueAt":"2026-11-30T16:00:00Z","at":"2026-11-30T06:31:07Z"}
                """.formatted(personal.apply("sig://tech/tech-7/PG-20261130-0001")));
        t.add("billing", "ChargeRaised", "2026-11-30T06:31:08Z", "billing", "service", """
                {"chargeId":"c-1","orderId":"%s","quoteId":"q-1","technicianId":"tech-7","totalFen":7500,"at":"2026-11-30T06:31:08Z",
                 "breakdown":%s}
                """.formatted(orderId, breakdown()));
        t.add("billing", "ChargeAdjusted", "2026-11-30T06:40:00Z", "tl-1", "team-leader", """
                {"adjustmentId":"a-1","orderId":"%s","amountFen":-550,"reason":"灯泡按活动价","adjustedBy":"tl-1","at":"2026-11-30T06:40:00Z"}
                """.formatted(orderId));
        t.add("billing", "PaymentRecorded", "2026-11-30T06:45:00Z", "tech-7", "technician", """
                {"paymentId":"p-1","orderId":"%s","method":"WECHAT_PAY","amountFen":6000,"payer":"%s","receivedBy":"tech-7",
                 "at":"2026-11-30T06:45:00Z"}
                """.formatted(orderId, personal.apply("王女士")));
        t.add("dispatch", "OwnerAccepted", "2026-11-30T06:50:00Z", "tech-7", "technician", """
                {"signatureRef":"%s","rating":5,"comment":"%s","at":"2026-11-30T06:50:00Z"}
                """.formatted(personal.apply("sig://owner/PG-20261130-0001"), personal.apply("师傅很专业")));
        t.add("dispatch", "ReviewedByTeamLeader", "2026-11-30T09:00:00Z", "tl-1", "team-leader", """
                {"teamLeaderId":"tl-1","note":"材料单价核对无误","at":"2026-11-30T09:00:00Z"}
                """);
        t.add("dispatch", "Archived", "2026-11-30T10:00:00Z", "agent-1", "agent", """
                {"archivedBy":"agent-1","at":"2026-11-30T10:00:00Z"}
                """);
        return t;
    }

    /** Toilet unblocking 50.00 per job (window 1) absorbs the bulb 5.00 in the same window; two bulbs 12.50 each. */
    private static String breakdown() {
        return """
                {"scheduleVersion":3,"handlingSeconds":3262,"windows":2,"totalFen":7500,
                 "lines":[{"kind":"SERVICE","window":1,"code":"S02","name":"疏通马桶","unit":"PER_JOB","quantity":1,
                           "unitPriceFen":5000,"amountFen":5000,"basis":"schedule v3"},
                          {"kind":"MATERIAL","window":0,"code":"M01","name":"LED灯泡","unit":"PER_PIECE","quantity":2,
                           "unitPriceFen":1250,"amountFen":2500,"basis":"schedule v3"}],
                 "absorbed":[{"code":"S01","window":1,"priceFen":500,"chargedInstead":"S02"}]}
                """;
    }

    /**
     * Free work in a public area reported by another department, as soon as possible, one visit (12分03秒), the
     * use not explained (with a reason), nothing charged (common part), verified by the team leader without the
     * owner's signature. {@code content} is the problem description as reported.
     */
    static FormTimeline freeOrderVerified(String orderId, String content) {
        FormTimeline t = new FormTimeline(orderId);
        t.add("intake", "ProblemReported", "2026-12-01T00:30:00Z", "agent-2", "agent", """
                {"orderId":"%s","orderNumber":"PG-20261201-0007","siteId":"site-2","siteTimeZone":"Asia/Shanghai",
                 "location":{"kind":"PUBLIC_AREA","unitId":null,"unitLabel":null,"publicArea":"2栋大堂"},
                 "reporter":{"name":"张保安","phone":{"canonical":"028-66668888","extension":null,"fallbackDial":null,"kind":"LANDLINE"}},
                 "legalOwner":null,
                 "visitTime":{"agreedAt":null,"asSoonAsPossible":true},
                 "content":%s,"reportedAt":"2026-12-01T00:30:00Z","channel":"OTHER_DEPARTMENT",
                 "reportingDepartment":"保安部","warranty":false,"repeatOf":null}
                """.formatted(orderId, com.fasterxml.jackson.databind.node.TextNode.valueOf(content).toString()));
        t.add("dispatch", "TechnicianAssigned", "2026-12-01T00:31:00Z", "agent-2", "agent", """
                {"technicianId":"tech-9","technicianName":"赵师傅","previousTechnicianId":null,
                 "assignedAt":"2026-12-01T00:31:00Z","arrivalDueAt":"2026-12-01T00:46:00Z"}
                """);
        t.add("dispatch", "VisitStarted", "2026-12-01T00:42:00Z", "tech-9", "technician", """
                {"visitNumber":1,"technicianId":"tech-9","at":"2026-12-01T00:42:00Z","onTime":true}
                """);
        t.add("dispatch", "SurveyRecorded", "2026-12-01T00:43:00Z", "tech-9", "technician", """
                {"at":"2026-12-01T00:43:00Z","paid":false,"part":"COMMON","warranty":false,"notes":null}
                """);
        t.add("dispatch", "VisitEnded", "2026-12-01T00:54:03Z", "tech-9", "technician", """
                {"visitNumber":1,"startedAt":"2026-12-01T00:42:00Z","endedAt":"2026-12-01T00:54:03Z","durationSeconds":723,
                 "handlingSecondsSoFar":723}
                """);
        t.add("dispatch", "WorkCompleted", "2026-12-01T00:54:03Z", "tech-9", "technician", """
                {"result":"大堂灯具接线松动,已紧固","technicianId":"tech-9","technicianSignatureRef":"sig://tech/tech-9/7",
                 "serviceItems":[{"code":"S05","performedAt":"2026-12-01T00:50:00Z"}],
                 "materialsUsed":[{"code":null,"name":"电工胶布","quantity":1}],
                 "handlingSeconds":723,"visits":[{"startedAt":"2026-12-01T00:42:00Z","endedAt":"2026-12-01T00:54:03Z"}],
                 "paid":false,"part":"COMMON","warranty":false,
                 "checks":{"siteCleaned":true,"testedAndDemonstrated":true,"useExplained":false,"skippedReason":"公共区域,无使用者在场"},
                 "reviewAndArchiveDueAt":"2026-12-01T16:00:00Z","at":"2026-12-01T00:54:03Z"}
                """);
        t.add("billing", "NoChargeRecorded", "2026-12-01T00:54:04Z", "billing", "service", """
                {"orderId":"%s","reason":"COMMON_PART","technicianId":"tech-9","at":"2026-12-01T00:54:04Z"}
                """.formatted(orderId));
        t.add("dispatch", "VerifiedWithoutOwnerSignature", "2026-12-01T02:00:00Z", "tl-2", "team-leader", """
                {"teamLeaderId":"tl-2","reason":"公共区域报事,由保安部确认","at":"2026-12-01T02:00:00Z"}
                """);
        return t;
    }

    /**
     * An in-unit order converted to a coordination order, with {@code entries} tracking entries (ten to a page, as
     * followup assigns them), entry 12 correcting entry 5, two leader checks and a supervisor check signed off, a
     * weekly-entry exemption, resolved with both signatures and archived.
     */
    static FormTimeline coordinationOrder(String orderId, int entries) {
        FormTimeline t = new FormTimeline(orderId);
        t.add("intake", "ProblemReported", "2026-11-02T01:00:00Z", "agent-1", "agent", """
                {"orderId":"%s","orderNumber":"PG-20261102-0003","siteId":"site-1","siteTimeZone":"Asia/Shanghai",
                 "location":{"kind":"IN_UNIT","unitId":"u-3-502","unitLabel":"3栋502","publicArea":null},
                 "reporter":{"name":"陈先生","phone":{"canonical":"13900139000","extension":null,"fallbackDial":null,"kind":"MOBILE"}},
                 "legalOwner":{"name":"陈先生","phones":[]},
                 "visitTime":{"agreedAt":null,"asSoonAsPossible":true},
                 "content":"卫生间渗水至楼下","reportedAt":"2026-11-02T01:00:00Z","channel":"CUSTOMER_CENTER",
                 "reportingDepartment":null,"warranty":false,"repeatOf":null}
                """.formatted(orderId));
        t.add("dispatch", "ConvertedToCoordination", "2026-11-02T16:00:00Z", "dispatch", "service", """
                {"rule":"IN_UNIT_SAME_DAY","dueAt":"2026-11-02T16:00:00Z","at":"2026-11-02T16:00:00Z"}
                """);
        t.add("followup", "CoordinationOrderOpened", "2026-11-02T16:00:01Z", "followup", "service", """
                {"orderId":"%s","coordinationNumber":"XT-20261102-0001","siteId":"site-1","siteTimeZone":"Asia/Shanghai",
                 "conversionRule":"IN_UNIT_SAME_DAY","convertedAt":"2026-11-02T16:00:00Z","trackerId":null,
                 "firstEntryDueAt":"2026-11-09T16:00:01Z","firstCheckMonth":"2026-12","firstChecksDueAt":"2026-12-31T16:00:00Z",
                 "at":"2026-11-02T16:00:01Z"}
                """.formatted(orderId));
        t.add("followup", "TrackerAssigned", "2026-11-03T01:00:00Z", "tl-1", "team-leader", """
                {"trackerId":"tech-7","assignedBy":"tl-1","at":"2026-11-03T01:00:00Z"}
                """);
        java.time.Instant start = java.time.Instant.parse("2026-11-03T02:00:00Z");
        for (int n = 1; n <= entries; n++) {
            String at = start.plus(java.time.Duration.ofDays(n)).toString();
            Integer corrects = n == 12 ? 5 : null;
            t.add("followup", "TrackingEntryRecorded", at, "tech-7", "technician", """
                    {"entryNumber":%d,"page":%d,"trackedAt":"%s","place":"3栋502卫生间","contactPerson":"陈先生","contactMethod":"13900139000",
                     "content":"第%d次跟踪:检查防水层","opinions":"业主希望尽快处理","plan":"联系防水班组","recordedBy":"tech-7",
                     "correctsEntry":%s,"nextEntryDueAt":"%s","at":"%s"}
                    """.formatted(n, (n - 1) / ENTRIES_PER_PAGE + 1, at, n, corrects,
                    start.plus(java.time.Duration.ofDays(n + 7)), at));
        }
        t.add("followup", "CheckSignedOff", "2026-12-05T02:00:00Z", "tl-1", "team-leader", """
                {"cadence":"LEADER_CHECK","checkerId":"tl-1","comment":"进度正常","at":"2026-12-05T02:00:00Z"}
                """);
        t.add("followup", "CheckSignedOff", "2026-12-10T02:00:00Z", "sup-1", "supervisor", """
                {"cadence":"SUPERVISOR_CHECK","checkerId":"sup-1","comment":"提供防水技术支持","at":"2026-12-10T02:00:00Z"}
                """);
        t.add("followup", "CheckSignedOff", "2026-12-20T02:00:00Z", "tl-1", "team-leader", """
                {"cadence":"LEADER_CHECK","checkerId":"tl-1","comment":"督促尽快完工","at":"2026-12-20T02:00:00Z"}
                """);
        t.add("followup", "CadenceExempted", "2026-12-21T02:00:00Z", "tl-1", "team-leader", """
                {"cadence":"WEEKLY_ENTRY","reason":"业主出国一个月","grantedBy":"tl-1","at":"2026-12-21T02:00:00Z"}
                """);
        t.add("followup", "CoordinationResolved", "2026-12-28T02:00:00Z", "tech-7", "technician", """
                {"result":"重做防水层,闭水试验48小时无渗漏","customerSignatureRef":"sig://customer/XT-20261102-0001",
                 "trackerSignatureRef":"sig://tracker/tech-7","archiveDueAt":"2026-12-28T16:00:00Z","at":"2026-12-28T02:00:00Z"}
                """);
        t.add("followup", "CoordinationArchived", "2026-12-28T08:00:00Z", "tl-1", "team-leader", """
                {"archivedBy":"tl-1","at":"2026-12-28T08:00:00Z"}
                """);
        return t;
    }
}
