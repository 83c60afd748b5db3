package doorstep.dispatch.api;

import static doorstep.dispatch.api.DispatchTestSupport.freshDay;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.dispatch.api.DispatchViews.DispatchView;
import doorstep.dispatch.application.DispatchCommands;
import doorstep.dispatch.domain.CompletionChecks;
import doorstep.dispatch.domain.DeadlineKind;
import doorstep.dispatch.domain.Dispatch;
import doorstep.dispatch.domain.DispatchEvent;
import doorstep.dispatch.domain.DispatchEvent.DispatchDetailsUpdated;
import doorstep.dispatch.domain.DispatchEvent.DispatchOpened;
import doorstep.dispatch.domain.EscalationReason;
import doorstep.dispatch.domain.LocationKind;
import doorstep.dispatch.domain.MaterialLine;
import doorstep.dispatch.domain.Part;
import doorstep.dispatch.domain.RosterEntry;
import doorstep.dispatch.domain.WorkingCalendar;
import doorstep.dispatch.projection.DispatchBoardProjection;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.projection.ProjectionRebuilder;
import doorstep.platform.web.CommandContext;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.Properties;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Over random valid command sequences, the board shows what the order's state machine decided: after
 * every step, the board row's status (and due times and flags) equals the aggregate's loaded from the
 * store, and a rebuilt board equals both. Commands run through the real command path (DispatchCommands
 * on the platform's AggregateStore, real PostgreSQL); a command is offered only when the aggregate
 * accepts it in the state at hand.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
class StatusPropertyTest {

    private static final String SITE = "site-property";
    private static final RosterEntry T1 = new RosterEntry("prop-tech-1", "张师傅", SITE, true);
    private static final RosterEntry T2 = new RosterEntry("prop-tech-2", "李师傅", SITE, true);
    private static final Actor AGENT = new Actor("agent-1", "agent");
    private static final Actor INTAKE = Actor.service("intake");

    @Inject
    DispatchCommands commands;
    @Inject
    DispatchQueries queries;
    @Inject
    ProjectionRebuilder rebuilder;
    @Inject
    Clock clock;
    @Inject
    EntityManager em;

    /** One command: a user's (through If-Match-less CommandContext) or a reaction (intake, billing, deadline). */
    private record Step(String name, boolean reaction, BiFunction<Dispatch, Instant, List<DispatchEvent>> decision) {
    }

    /** A case: which of the valid commands to take at each step, and how many minutes pass before it. */
    record Plan(List<Integer> picks, List<Integer> minutes) {
    }

    private static final List<Step> STEPS = List.of(
            new Step("assign T1", false, (d, now) -> d.assign(T1, now, WorkingCalendar.weekdaysOnly())),
            new Step("assign T2", false, (d, now) -> d.assign(T2, now, WorkingCalendar.weekdaysOnly())),
            new Step("accept", false, (d, now) -> d.accept(assigned(d), now)),
            new Step("contact reporter", false, (d, now) -> d.contactReporter(false, null, List.of("扳手"), List.of(), now)),
            new Step("appointment agreed", false, (d, now) -> d.bookAppointment(now.plus(Duration.ofHours(2)), true, "agent-1", null, now)),
            new Step("appointment refused", false, (d, now) -> d.bookAppointment(now.plus(Duration.ofHours(2)), false, "agent-1", "业主出差", now)),
            new Step("owner not home", false, (d, now) -> d.ownerNotHome("敲门无人", now)),
            new Step("arrive", false, (d, now) -> d.arrive(assigned(d), now)),
            new Step("end visit", false, (d, now) -> d.endVisit(now)),
            new Step("free survey", false, (d, now) -> d.recordSurvey(false, Part.PRIVATE, false, null, now)),
            new Step("paid survey", false, (d, now) -> d.recordSurvey(true, Part.PRIVATE, false, "换角阀", now)),
            new Step("quote accepted", true, (d, now) -> d.noteQuoteAccepted("quote-1", now)),
            new Step("quote declined", true, (d, now) -> d.noteQuoteDeclined("quote-1", now)),
            new Step("disclose risk", false, (d, now) -> d.discloseRisk("无管线图钻孔", now)),
            new Step("risk consent", false, (d, now) -> d.recordRiskConsent(true, "sig-owner", now)),
            new Step("start work", false, (d, now) -> d.startWork(now)),
            new Step("escalate", false, (d, now) -> d.escalate(EscalationReason.HARD_JOB, null, now)),
            new Step("wait for materials", false, (d, now) -> d.waitForMaterials(List.of(new MaterialLine(null, "角阀 DN15", 1)), true, false, now)),
            new Step("materials available", false, (d, now) -> d.materialsAvailable("业主已买到", now)),
            new Step("complete", false, (d, now) -> d.complete("已修好", List.of(), List.of(), "sig-tech",
                    new CompletionChecks(true, true, true, null), now)),
            new Step("owner accepts", false, (d, now) -> d.ownerAccepts("sig-owner", 5, null, now)),
            new Step("leader verifies", false, (d, now) -> d.verifyWithoutOwnerSignature("leader-1", "业主不在", now)),
            new Step("review", false, (d, now) -> d.review("leader-1", null, now)),
            new Step("archive", false, (d, now) -> d.archive("agent-1", now)),
            new Step("continue tracking", false, (d, now) -> d.continueTracking("等物业批复", "agent-1", now)),
            new Step("exempt", false, (d, now) -> d.exemptFromConversion("leader-1", "特殊情况", now)),
            new Step("details updated", true, (d, now) -> d.updateDetails(new DispatchDetailsUpdated("厨房水管漏水(补充)", null, null, null, null, null))),
            new Step("withdrawn", true, (d, now) -> d.withdraw("重复报事", now)),
            // each pending deadline, fired as the scheduler fires it: at its own due time
            new Step("arrival deadline", true, (d, now) -> due(d, DeadlineKind.ARRIVAL)),
            new Step("conversion deadline", true, (d, now) -> due(d, DeadlineKind.CONVERSION)),
            new Step("review deadline", true, (d, now) -> due(d, DeadlineKind.REVIEW)),
            new Step("archive deadline", true, (d, now) -> due(d, DeadlineKind.ARCHIVE)));

    private static List<DispatchEvent> due(Dispatch d, DeadlineKind kind) {
        Instant due = d.pendingDeadlines().get(kind);
        return due == null ? List.of() : d.deadlinePassed(kind, due);
    }

    private static String assigned(Dispatch d) {
        return d.technicianId() == null ? T1.technicianId() : d.technicianId();
    }

    @Test
    void theBoardShowsWhatTheOrderDecidedAfterEveryCommand() {
        List<String> orders = new ArrayList<>();
        Properties.forAll(40, r -> new Plan(IntStream.range(0, 25).mapToObj(i -> r.nextInt(1000)).toList(),
                IntStream.range(0, 25).mapToObj(i -> Properties.between(r, 1, 240)).toList()), plan -> {
            String order = open(freshDay(clock));
            orders.add(order);
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            for (int i = 0; i < plan.picks().size(); i++) {
                now = now.plus(Duration.ofMinutes(plan.minutes().get(i)));
                Instant at = now;
                Dispatch current = commands.load(order).aggregate();
                List<Step> valid = STEPS.stream().filter(s -> accepts(current, s, at)).toList();
                if (valid.isEmpty()) {
                    break; // archived or withdrawn: nothing more to do
                }
                Step step = valid.get(plan.picks().get(i) % valid.size());
                QuarkusTransaction.requiringNew().run(() -> {
                    if (step.reaction()) {
                        commands.react(order, null, new EventMetadata(INTAKE, UUID.randomUUID(), null), d -> step.decision().apply(d, at));
                    } else {
                        commands.execute(order, new CommandContext(AGENT, doorstep.platform.security.SiteScope.EVERY, UUID.randomUUID(), null, java.util.OptionalLong.empty()),
                                d -> step.decision().apply(d, at));
                    }
                });
                assertBoardShowsTheOrder(order, "after step " + i + " (" + step.name() + ")");
            }
        });

        rebuilder.rebuildNow(DispatchBoardProjection.NAME);
        for (String order : orders) {
            assertBoardShowsTheOrder(order, "after a rebuild");
        }
    }

    /** Whether the aggregate, in its current state, would record something for this command. */
    private static boolean accepts(Dispatch d, Step step, Instant now) {
        try {
            return !step.decision().apply(d, now).isEmpty();
        } catch (RuleViolation | InvalidValue refused) {
            return false;
        }
    }

    private String open(Instant now) {
        String order = UUID.randomUUID().toString();
        DispatchOpened opened = new DispatchOpened(order, "PG-PROP", SITE, "Asia/Shanghai", LocationKind.IN_UNIT, "unit-prop",
                "3栋-1202", false, null, "厨房水管漏水", "王", "13812345678", now, null);
        QuarkusTransaction.requiringNew().run(() ->
                commands.react(order, SITE, new EventMetadata(INTAKE, UUID.randomUUID(), null), d -> d.open(opened)));
        return order;
    }

    private void assertBoardShowsTheOrder(String order, String when) {
        Dispatch d = commands.load(order).aggregate();
        DispatchView row = queries.get(order);
        assertThat(row.status()).as("status " + when).isEqualTo(d.status().name());
        assertThat(row.arrivalDueAt()).as("arrival due " + when).isEqualTo(d.arrivalDueAt());
        assertThat(row.technicianId()).as("technician " + when).isEqualTo(d.technicianId());
        assertThat(row.conversionDueAt()).as("conversion due " + when).isEqualTo(d.conversionDueAt());
        assertThat(row.converted()).as("converted " + when).isEqualTo(d.converted());
        assertThat(em.createNativeQuery("select conversion_pending from dispatch_board where order_id = ?1").setParameter(1, order)
                .getSingleResult()).as("conversion pending " + when).isEqualTo(d.conversionPending());
        assertThat(row.waitingForMaterials()).as("waiting for materials " + when).isEqualTo(d.waitingForMaterials());
        assertThat(row.paid()).as("paid " + when).isEqualTo(d.paid());
        assertThat(row.quoteAccepted()).as("quote accepted " + when).isEqualTo(d.quoteAccepted());
        assertThat(row.visits()).as("visits " + when).isEqualTo(d.visits());
        assertThat(row.handlingSeconds()).as("handling seconds " + when).isEqualTo(d.handlingSeconds());
        assertThat(row.reviewOverdue()).as("review overdue " + when).isEqualTo(d.reviewOverdue());
        assertThat(row.archiveOverdue()).as("archive overdue " + when).isEqualTo(d.archiveOverdue());
        // the deadline table is exactly what the order has pending
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select kind, due_at from scheduled_deadline where stream_id = ?1")
                .setParameter(1, order).getResultList();
        java.util.Map<String, Instant> stored = new java.util.HashMap<>();
        for (Object[] r : rows) {
            stored.put((String) r[0], DispatchQueries.instant(r[1]));
        }
        java.util.Map<String, Instant> pending = new java.util.HashMap<>();
        d.pendingDeadlines().forEach((kind, at) -> pending.put(kind.name(), at));
        assertThat(stored).as("pending deadlines " + when).isEqualTo(pending);
    }
}
