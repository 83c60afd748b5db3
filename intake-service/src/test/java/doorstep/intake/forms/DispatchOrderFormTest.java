package doorstep.intake.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.List;
import java.util.function.UnaryOperator;

import doorstep.platform.web.NotFound;
import doorstep.platform.web.TimelineEntry;
import org.junit.jupiter.api.Test;

/** The printed dispatch order (派工单, D55) holds every field it promises, read from hand-written timelines. */
class DispatchOrderFormTest {

    @Test
    void aPaidOrderShowsTheFiveElementsVisitsPricedItemsPaymentsRatingAndSignatures() {
        FormHtml form = new FormHtml(DispatchOrderForm.render(FormFixtures.paidOrder("o-paid", UnaryOperator.identity()).entries()));

        assertThat(form.doc.select("html").attr("lang")).isEqualTo("zh-CN");
        assertThat(form.doc.select("meta[charset]").attr("charset")).isEqualToIgnoringCase("utf-8");
        assertThat(form.doc.title()).isEqualTo("派工单 PG-20261130-0001");
        assertThat(form.doc.select("style").html()).contains("@media print").contains("@page");

        assertThat(form.field("order-number")).isEqualTo("PG-20261130-0001");
        assertThat(form.field("site")).isEqualTo("site-1");
        assertThat(form.field("status")).isEqualTo("已归档");
        assertThat(form.field("time-zone")).isEqualTo("Asia/Shanghai");
        // the five elements: 报事户位, 报事人, 上门时间 (site-local), 报事内容, 联系电话
        assertThat(form.field("location")).isEqualTo("1栋1单元101");
        assertThat(form.field("location-kind")).isEqualTo("户内");
        assertThat(form.field("reporter-name")).isEqualTo("王女士");
        assertThat(form.field("visit-time")).isEqualTo("2026-11-30 11:00:00");
        assertThat(form.field("content")).isEqualTo("卫生间灯不亮,马桶堵塞");
        assertThat(form.field("reporter-phone")).isEqualTo("13800138000");
        assertThat(form.field("reporter-phone-dial")).isEqualTo("013800138000");
        assertThat(form.has("reporter-phone-extension")).isFalse();
        assertThat(form.field("legal-owner-name")).isEqualTo("王先生");
        assertThat(form.field("legal-owner-phones")).isEqualTo("02887654321 转 8001");
        assertThat(form.field("reported-at")).isEqualTo("2026-11-30 09:00:00");
        assertThat(form.field("channel")).isEqualTo("客户中心");
        assertThat(form.field("warranty")).isEqualTo("否");

        assertThat(form.field("technician-name")).isEqualTo("李师傅");
        assertThat(form.field("technician-id")).isEqualTo("tech-7");
        assertThat(form.field("assigned-at")).isEqualTo("2026-11-30 09:05:00");
        assertThat(form.field("accepted-at")).isEqualTo("2026-11-30 09:06:00");
        assertThat(form.field("appointment-at")).isEqualTo("2026-11-30 11:00:00");
        assertThat(form.field("appointment-booked-by")).isEqualTo("tech-7");
        assertThat(form.field("appointment-note")).isEqualTo("业主中午在家");

        // each visit and the accumulated handling time, to the second (D22): 23分15秒 + 31分07秒
        assertThat(form.column("visit", "visit-number")).containsExactly("1", "2");
        assertThat(form.column("visit", "visit-technician")).containsExactly("tech-7", "tech-7");
        assertThat(form.column("visit", "visit-start")).containsExactly("2026-11-30 10:56:30", "2026-11-30 14:00:00");
        assertThat(form.column("visit", "visit-end")).containsExactly("2026-11-30 11:19:45", "2026-11-30 14:31:07");
        assertThat(form.column("visit", "visit-duration")).containsExactly("23分15秒", "31分07秒");
        assertThat(form.column("visit", "visit-on-time")).containsExactly("是", "否");
        long sum = form.all("visit-duration").stream().mapToLong(e -> Long.parseLong(e.attr("data-seconds"))).sum();
        assertThat(form.one("handling-time").attr("data-seconds")).isEqualTo(String.valueOf(sum)).isEqualTo("3262");
        assertThat(form.field("handling-time")).isEqualTo("54分22秒");

        assertThat(form.field("survey-paid")).isEqualTo("有偿服务");
        assertThat(form.field("survey-part")).isEqualTo("私有部位");
        assertThat(form.field("survey-notes")).isEqualTo("灯泡损坏,马桶堵塞");
        assertThat(form.field("quote-id")).isEqualTo("q-1");
        assertThat(form.field("quote-total")).isEqualTo("75.00");
        assertThat(form.field("quote-signature")).isEqualTo("sig://quote/q-1");

        // items and materials with unit price and amount in yuan from the charge's fen
        assertThat(form.column("line", "line-kind")).containsExactly("服务", "材料");
        assertThat(form.column("line", "line-code")).containsExactly("S02", "M01");
        assertThat(form.column("line", "line-name")).containsExactly("疏通马桶", "LED灯泡");
        assertThat(form.column("line", "line-quantity")).containsExactly("1", "2");
        assertThat(form.column("line", "line-unit")).containsExactly("次", "个");
        assertThat(form.column("line", "line-unit-price")).containsExactly("50.00", "12.50");
        assertThat(form.column("line", "line-amount")).containsExactly("50.00", "25.00");
        assertThat(form.column("absorbed", "absorbed-code")).containsExactly("S01");
        assertThat(form.column("absorbed", "absorbed-instead")).containsExactly("S02");
        assertThat(form.field("charge-total")).isEqualTo("75.00");
        assertThat(form.field("schedule-version")).isEqualTo("3");
        assertThat(form.has("performed-item")).as("a charged order lists the charge's lines, not the unpriced record").isFalse();
        assertThat(form.column("adjustment", "adjustment-amount")).containsExactly("-5.50");
        assertThat(form.column("adjustment", "adjustment-reason")).containsExactly("灯泡按活动价");
        assertThat(form.column("payment", "payment-amount")).containsExactly("60.00");
        assertThat(form.column("payment", "payment-method")).containsExactly("微信支付");
        assertThat(form.column("payment", "payment-payer")).containsExactly("王女士");
        assertThat(form.has("refund")).isFalse();
        assertThat(form.field("balance")).isEqualTo("9.50");

        assertThat(form.field("result")).isEqualTo("更换LED灯泡两只,疏通马桶,试用正常");
        assertThat(form.field("completed-at")).isEqualTo("2026-11-30 14:31:07");
        assertThat(form.field("check-site-cleaned")).isEqualTo("是");
        assertThat(form.field("check-tested")).isEqualTo("是");
        assertThat(form.field("check-use-explained")).isEqualTo("是");
        assertThat(form.has("check-skipped-reason")).isFalse();
        assertThat(form.field("rating")).isEqualTo("5/5");
        assertThat(form.field("rating-comment")).isEqualTo("师傅很专业");
        assertThat(form.field("owner-signature")).isEqualTo("sig://owner/PG-20261130-0001");
        assertThat(form.field("owner-signed-at")).isEqualTo("2026-11-30 14:50:00");
        assertThat(form.has("verified-without-signature")).isFalse();
        assertThat(form.field("technician-signature")).isEqualTo("sig://tech/tech-7/PG-20261130-0001");
        assertThat(form.field("reviewed-by")).isEqualTo("tl-1");
        assertThat(form.field("review-note")).isEqualTo("材料单价核对无误");
        assertThat(form.field("archived-by")).isEqualTo("agent-1");
        assertThat(form.field("archived-at")).isEqualTo("2026-11-30 18:00:00");
        assertThat(form.field("as-of")).isEqualTo("2026-11-30 18:00:00");
        assertThat(form.field("event-count")).isEqualTo("18");
    }

    @Test
    void aFreeOrderVerifiedWithoutTheOwnersSignatureListsWhatWasDoneWithoutPrices() {
        FormHtml form = new FormHtml(DispatchOrderForm.render(FormFixtures.freeOrderVerified("o-free", "大堂吊灯不亮").entries()));

        assertThat(form.field("location")).isEqualTo("2栋大堂");
        assertThat(form.field("location-kind")).isEqualTo("公共区域");
        assertThat(form.field("visit-time")).isEqualTo("尽快");
        assertThat(form.field("channel")).isEqualTo("其他部门");
        assertThat(form.field("reporting-department")).isEqualTo("保安部");
        assertThat(form.field("reporter-phone")).isEqualTo("028-66668888");
        assertThat(form.field("legal-owner-name")).isEmpty();
        assertThat(form.field("survey-paid")).isEqualTo("无偿服务");
        assertThat(form.field("survey-part")).isEqualTo("公共部位");
        assertThat(form.field("handling-time")).isEqualTo("12分03秒");
        assertThat(form.one("handling-time").attr("data-seconds")).isEqualTo("723");

        assertThat(form.has("line")).isFalse();
        assertThat(form.has("charge-total")).isFalse();
        assertThat(form.has("balance")).isFalse();
        assertThat(form.has("quote-id")).isFalse();
        assertThat(form.column("performed-item", "performed-code")).containsExactly("S05");
        assertThat(form.column("performed-item", "performed-at")).containsExactly("2026-12-01 08:50:00");
        assertThat(form.column("material-used", "material-name")).containsExactly("电工胶布");
        assertThat(form.column("material-used", "material-code")).containsExactly("");
        assertThat(form.column("material-used", "material-quantity")).containsExactly("1");
        assertThat(form.field("no-charge-reason")).isEqualTo("公共部位(不向业主收费)");

        assertThat(form.field("check-use-explained")).isEqualTo("否");
        assertThat(form.field("check-skipped-reason")).isEqualTo("公共区域,无使用者在场");
        assertThat(form.field("verified-without-signature")).isEqualTo("未经业主签字,由班长核实");
        assertThat(form.field("verified-by")).isEqualTo("tl-2");
        assertThat(form.field("verified-reason")).isEqualTo("公共区域报事,由保安部确认");
        assertThat(form.field("verified-at")).isEqualTo("2026-12-01 10:00:00");
        assertThat(form.has("owner-signature")).isFalse();
        assertThat(form.field("rating")).isEmpty();
        assertThat(form.field("technician-signature")).isEqualTo("sig://tech/tech-9/7");
        assertThat(form.field("status")).isEqualTo("已验收");
        assertThat(form.field("reviewed-by")).isEmpty();
        assertThat(form.field("archived-by")).isEmpty();
    }

    @Test
    void anErasedOrderPrintsItsPersonalValuesAsErasedAndKeepsTheFacts() {
        FormTimeline timeline = FormFixtures.paidOrder("o-erased", clear -> FormFixtures.ERASED);
        timeline.add("intake", "PersonalDataErased", "2028-12-01T00:00:00Z", "followup", "service", """
                {"orderId":"o-erased","reason":"RETENTION_EXPIRED","erasedAt":"2028-12-01T00:00:00Z"}
                """);
        FormHtml form = new FormHtml(DispatchOrderForm.render(timeline.entries()));

        for (String personal : List.of("reporter-name", "reporter-phone", "reporter-phone-dial", "legal-owner-name",
                "appointment-note", "quote-signature", "rating-comment", "owner-signature", "technician-signature")) {
            assertThat(form.field(personal)).as(personal).isEqualTo("已删除");
        }
        assertThat(form.field("legal-owner-phones")).isEqualTo("已删除 转 已删除");
        assertThat(form.column("payment", "payment-payer")).containsExactly("已删除");
        assertThat(form.field("content")).isEqualTo("卫生间灯不亮,马桶堵塞");
        assertThat(form.field("location")).isEqualTo("1栋1单元101");
        assertThat(form.field("handling-time")).isEqualTo("54分22秒");
        assertThat(form.field("balance")).isEqualTo("9.50");
        assertThat(form.field("rating")).isEqualTo("5/5");
    }

    @Test
    void aTimelineCutAtAnInstantPrintsTheFormAsItStoodThen() {
        FormTimeline timeline = FormFixtures.paidOrder("o-asof", UnaryOperator.identity());
        FormHtml form = new FormHtml(DispatchOrderForm.render(timeline.asOf("2026-11-30T06:00:00Z")));

        assertThat(form.field("as-of")).isEqualTo("2026-11-30 14:00:00");
        assertThat(form.field("status")).isEqualTo("上门处理中");
        assertThat(form.column("visit", "visit-end")).containsExactly("2026-11-30 11:19:45", "进行中");
        assertThat(form.field("handling-time")).isEqualTo("23分15秒");
        assertThat(form.has("line")).isFalse();
        assertThat(form.field("result")).isEmpty();
        assertThat(form.has("owner-signature")).isFalse();
        assertThat(form.field("quote-signature")).isEqualTo("sig://quote/q-1");
    }

    @Test
    void anOrderWithdrawnFromDispatchPrintsAsCancelled() {
        FormTimeline timeline = FormFixtures.freeOrderVerified("o-withdrawn", "大堂灯不亮");
        List<TimelineEntry> assigned = timeline.asOf("2026-12-01T00:31:00Z");
        FormTimeline withdrawn = new FormTimeline("o-withdrawn");
        for (TimelineEntry e : assigned) {
            withdrawn.add(e.service(), e.type(), e.occurredAt().toString(), e.actor().id(), e.actor().role(), e.data().toString());
        }
        withdrawn.add("dispatch", "DispatchWithdrawn", "2026-12-01T00:35:00Z", "agent-2", "agent",
                "{\"reason\":\"业主取消\",\"at\":\"2026-12-01T00:35:00Z\"}");

        FormHtml form = new FormHtml(DispatchOrderForm.render(withdrawn.entries()));

        assertThat(form.field("status")).isEqualTo("已取消");
    }

    @Test
    void textThatLooksLikeMarkupIsPrintedAsText() {
        String hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>\"&";
        FormHtml form = new FormHtml(DispatchOrderForm.render(FormFixtures.freeOrderVerified("o-hostile", hostile).entries()));

        assertThat(form.doc.select("script, img")).isEmpty();
        assertThat(form.field("content")).isEqualTo(hostile);
        assertThat(form.html).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    @Test
    void timesArePrintedInTheZoneAskedFor() {
        FormHtml form = new FormHtml(DispatchOrderForm.render(
                FormFixtures.freeOrderVerified("o-utc", "灯不亮").entries(), ZoneId.of("UTC")));

        assertThat(form.field("time-zone")).isEqualTo("UTC");
        assertThat(form.field("reported-at")).isEqualTo("2026-12-01 00:30:00");
    }

    @Test
    void withoutAReportThereIsNoDispatchOrderToPrint() {
        List<doorstep.platform.web.TimelineEntry> onlyBilling = FormFixtures.paidOrder("o-none", UnaryOperator.identity()).entries()
                .stream().filter(e -> !e.service().equals("intake")).toList();

        assertThatThrownBy(() -> DispatchOrderForm.render(onlyBilling)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> DispatchOrderForm.render(List.of())).isInstanceOf(NotFound.class);
    }

    @Test
    void theTestTimelinesAreHeldToThePublishedSchemas() {
        FormTimeline timeline = new FormTimeline("o-bad");

        assertThatThrownBy(() -> timeline.add("dispatch", "VisitEnded", "2026-11-30T03:19:45Z", "tech-7", "technician", """
                {"visitNumber":1,"startedAt":"2026-11-30T02:56:30Z","endedAt":"2026-11-30T03:19:45Z","handlingSecondsSoFar":1395}
                """)).isInstanceOf(AssertionError.class).hasMessageContaining("durationSeconds");
        assertThatThrownBy(() -> timeline.add("billing", "PaymentRecorded", "2026-11-30T06:45:00Z", "tech-7", "technician", """
                {"paymentId":"p-1","orderId":"o-bad","method":"CHEQUE","amountFen":6000,"payer":"王女士","receivedBy":"tech-7",
                 "at":"2026-11-30T06:45:00Z"}
                """)).isInstanceOf(AssertionError.class).hasMessageContaining("method");
    }

    @Test
    void moneyIsYuanWithTwoDecimalsFromFenAndDurationsAreExactSeconds() {
        assertThat(FormText.yuan(0)).isEqualTo("0.00");
        assertThat(FormText.yuan(5)).isEqualTo("0.05");
        assertThat(FormText.yuan(123456)).isEqualTo("1234.56");
        assertThat(FormText.yuan(-550)).isEqualTo("-5.50");
        assertThat(FormText.duration(7)).isEqualTo("7秒");
        assertThat(FormText.duration(305)).isEqualTo("5分05秒");
        assertThat(FormText.duration(3723)).isEqualTo("1小时02分03秒");
        assertThat(FormText.duration(90061)).isEqualTo("25小时01分01秒");
    }

}
