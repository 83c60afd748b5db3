package doorstep.intake.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import doorstep.platform.web.NotFound;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

/** The printed coordination order (协调单) and its numbered continuation pages (续页, D55). */
class CoordinationOrderFormTest {

    @Test
    void entriesFillTheFormAndItsNumberedContinuationPagesEachWithAHeaderAndAPageBreak() {
        FormHtml form = new FormHtml(CoordinationOrderForm.render(FormFixtures.coordinationOrder("o-coord", 23).entries()));

        assertThat(form.doc.select("html").attr("lang")).isEqualTo("zh-CN");
        assertThat(form.doc.title()).isEqualTo("协调单 XT-20261102-0001");
        assertThat(form.doc.select("style").html()).contains("break-before: page");

        Elements pages = form.all("page");
        assertThat(pages.eachAttr("data-page")).containsExactly("1", "2", "3");
        assertThat(pages.stream().map(p -> FormHtml.field(p, "page-label"))).containsExactly("协调单", "续页 1", "续页 2");
        assertThat(pages.stream().map(p -> FormHtml.field(p, "page-number"))).containsExactly("1", "2", "3");
        assertThat(pages.stream().map(p -> FormHtml.field(p, "page-count"))).containsExactly("3", "3", "3");
        assertThat(pages.stream().map(p -> FormHtml.field(p, "page-coordination-number"))).containsOnly("XT-20261102-0001");
        assertThat(pages.stream().map(p -> p.hasClass("continuation"))).containsExactly(false, true, true);
        assertThat(pages.get(1).select("h1").text()).isEqualTo("协调单续页");

        assertThat(entryNumbers(pages.get(0))).isEqualTo(range(1, 10));
        assertThat(entryNumbers(pages.get(1))).isEqualTo(range(11, 20));
        assertThat(entryNumbers(pages.get(2))).isEqualTo(range(21, 23));

        Element first = pages.get(0).selectFirst("[data-field=entry]");
        assertThat(FormHtml.field(first, "entry-tracked-at")).isEqualTo("2026-11-04 10:00:00");
        assertThat(FormHtml.field(first, "entry-recorded-by")).isEqualTo("tech-7");
        assertThat(FormHtml.field(first, "entry-place")).isEqualTo("3栋502卫生间");
        assertThat(FormHtml.field(first, "entry-contact-person")).isEqualTo("陈先生");
        assertThat(FormHtml.field(first, "entry-contact-method")).isEqualTo("13900139000");
        assertThat(FormHtml.field(first, "entry-content")).isEqualTo("第1次跟踪:检查防水层");
        assertThat(FormHtml.field(first, "entry-opinions")).isEqualTo("业主希望尽快处理");
        assertThat(FormHtml.field(first, "entry-plan")).isEqualTo("联系防水班组");

        // entries are never edited: the correction names the entry it corrects, and the corrected one names it back
        Element fifth = form.doc.selectFirst("[data-field=entry][data-entry=5]");
        Element twelfth = form.doc.selectFirst("[data-field=entry][data-entry=12]");
        assertThat(FormHtml.field(fifth, "entry-corrected-by")).isEqualTo("已由第 12 条更正");
        assertThat(FormHtml.field(twelfth, "entry-corrects")).isEqualTo("更正第 5 条");
        assertThat(form.all("entry-corrects")).hasSize(1);
        assertThat(pages.get(1).select("[data-entry=12]")).hasSize(1);

        // the form's facts on page 1 only; checks, result and signatures after the last page's entries
        Element one = pages.get(0);
        assertThat(FormHtml.field(one, "coordination-number")).isEqualTo("XT-20261102-0001");
        assertThat(FormHtml.field(one, "order-number")).isEqualTo("PG-20261102-0003");
        assertThat(FormHtml.field(one, "site")).isEqualTo("site-1");
        assertThat(FormHtml.field(one, "location")).isEqualTo("3栋502");
        assertThat(FormHtml.field(one, "problem")).isEqualTo("卫生间渗水至楼下");
        assertThat(FormHtml.field(one, "conversion-rule")).isEqualTo("户内派工当天未完成");
        assertThat(FormHtml.field(one, "converted-at")).isEqualTo("2026-11-03 00:00:00");
        assertThat(FormHtml.field(one, "tracker")).isEqualTo("tech-7");
        assertThat(FormHtml.field(one, "tracker-assigned-at")).isEqualTo("2026-11-03 09:00:00");
        assertThat(FormHtml.field(one, "status")).isEqualTo("已归档");
        assertThat(pages.get(1).select("[data-field=coordination-number], [data-field=result]")).isEmpty();

        Element last = pages.get(2);
        assertThat(last.select("[data-field=check]").stream().map(c -> FormHtml.field(c, "check-cadence")))
                .containsExactly("班长(组长)检查", "主管检查", "班长(组长)检查");
        assertThat(last.select("[data-field=check]").stream().map(c -> FormHtml.field(c, "check-by")))
                .containsExactly("tl-1", "sup-1", "tl-1");
        assertThat(last.select("[data-field=check]").stream().map(c -> FormHtml.field(c, "check-at")))
                .containsExactly("2026-12-05 10:00:00", "2026-12-10 10:00:00", "2026-12-20 10:00:00");
        assertThat(last.select("[data-field=check]").stream().map(c -> FormHtml.field(c, "check-comment")))
                .containsExactly("进度正常", "提供防水技术支持", "督促尽快完工");
        assertThat(FormHtml.field(last, "exemption-cadence")).isEqualTo("每周跟踪记录");
        assertThat(FormHtml.field(last, "exemption-reason")).isEqualTo("业主出国一个月");
        assertThat(FormHtml.field(last, "result")).isEqualTo("重做防水层,闭水试验48小时无渗漏");
        assertThat(FormHtml.field(last, "customer-signature")).isEqualTo("sig://customer/XT-20261102-0001");
        assertThat(FormHtml.field(last, "tracker-signature")).isEqualTo("sig://tracker/tech-7");
        assertThat(FormHtml.field(last, "resolved-at")).isEqualTo("2026-12-28 10:00:00");
        assertThat(FormHtml.field(last, "archived-by")).isEqualTo("tl-1");
        assertThat(FormHtml.field(last, "archived-at")).isEqualTo("2026-12-28 16:00:00");
    }

    @Test
    void aFreshCoordinationOrderIsOnePageWithBlanksForWhatIsToCome() {
        FormTimeline timeline = FormFixtures.coordinationOrder("o-fresh", 3);
        FormHtml form = new FormHtml(CoordinationOrderForm.render(timeline.asOf("2026-11-02T16:00:01Z")));

        assertThat(form.all("page").eachAttr("data-page")).containsExactly("1");
        assertThat(form.field("page-count")).isEqualTo("1");
        assertThat(form.has("entry")).isFalse();
        assertThat(form.field("tracker")).isEmpty();
        assertThat(form.field("status")).isEqualTo("跟踪中");
        assertThat(form.field("result")).isEmpty();
        assertThat(form.has("customer-signature")).isFalse();
        assertThat(form.has("check")).isFalse();
    }

    @Test
    void erasedContactsOpinionsAndSignaturesPrintAsErased() {
        List<doorstep.platform.web.TimelineEntry> original = FormFixtures.coordinationOrder("o-erased-coord", 1).entries();
        String erased = CoordinationOrderForm.render(original.stream().map(e -> e.type().equals("TrackingEntryRecorded")
                || e.type().equals("CoordinationResolved") ? erase(e) : e).toList());
        FormHtml form = new FormHtml(erased);

        for (String personal : List.of("entry-contact-person", "entry-contact-method", "entry-opinions", "customer-signature",
                "tracker-signature")) {
            assertThat(form.field(personal)).as(personal).isEqualTo("已删除");
        }
        assertThat(form.field("entry-content")).isEqualTo("第1次跟踪:检查防水层");
    }

    @Test
    void anOrderNeverConvertedHasNoCoordinationOrderToPrint() {
        List<doorstep.platform.web.TimelineEntry> dispatchOnly = FormFixtures.paidOrder("o-plain", UnaryOperator.identity()).entries();

        assertThatThrownBy(() -> CoordinationOrderForm.render(dispatchOnly)).isInstanceOf(NotFound.class);
    }

    /** The entry with its personal fields as the timeline shows them after erasure (D48). */
    private static doorstep.platform.web.TimelineEntry erase(doorstep.platform.web.TimelineEntry e) {
        com.fasterxml.jackson.databind.node.ObjectNode data = e.data().deepCopy();
        for (String personal : List.of("contactPerson", "contactMethod", "opinions", "customerSignatureRef", "trackerSignatureRef")) {
            if (data.has(personal)) {
                data.put(personal, "已删除");
            }
        }
        return new doorstep.platform.web.TimelineEntry(e.service(), e.streamId(), e.version(), e.type(), e.cloudEventType(),
                e.dataSchema(), e.occurredAt(), e.actor(), e.correlationId(), e.causationId(), data);
    }

    private static List<String> entryNumbers(Element page) {
        return page.select("[data-field=entry]").eachAttr("data-entry");
    }

    private static List<String> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(String::valueOf).toList();
    }
}
