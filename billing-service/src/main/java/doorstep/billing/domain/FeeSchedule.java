package doorstep.billing.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import doorstep.billing.domain.FeeScheduleEvent.*;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;

/**
 * One version of the fee schedule. Drafted and revised freely; activated by an admin; an active
 * version is never edited — a new version supersedes it from its own effective date.
 */
public final class FeeSchedule {

    /** An active version and when it takes effect. */
    public record Active(int version, Instant effectiveFrom) {
    }

    /**
     * 统一收费标准 (D24): the version in force at {@code at} is the active one with the latest
     * {@code effectiveFrom} not after it; on equal dates the higher version.
     *
     * @return empty when no active version has taken effect by then
     */
    public static Optional<Integer> versionInForce(List<Active> active, Instant at) {
        return active.stream().filter(a -> !a.effectiveFrom().isAfter(at))
                .max(Comparator.comparing(Active::effectiveFrom).thenComparingInt(Active::version))
                .map(Active::version);
    }

    private int version;
    private boolean active;
    private Instant effectiveFrom;
    private List<FeeItem> items;

    public List<FeeScheduleEvent> draft(int version, Instant effectiveFrom, List<FeeItem> items, String by) {
        if (this.version != 0) {
            throw new RuleViolation("draft-a-version-once", state(), "version " + version + " exists");
        }
        requireItems(items);
        return List.of(new FeeScheduleDrafted(version, requireDate(effectiveFrom), List.copyOf(items), by));
    }

    public List<FeeScheduleEvent> revise(Instant effectiveFrom, List<FeeItem> items, String by) {
        requireDraft("active-schedules-are-never-edited");
        requireItems(items);
        return List.of(new FeeScheduleRevised(version, requireDate(effectiveFrom), List.copyOf(items), by));
    }

    public List<FeeScheduleEvent> activate(Instant now, String by) {
        requireDraft("activate-once");
        return List.of(new FeeScheduleActivated(version, effectiveFrom, now, by));
    }

    public void apply(FeeScheduleEvent event) {
        if (event instanceof FeeScheduleDrafted e) {
            version = e.version();
            effectiveFrom = e.effectiveFrom();
            items = e.items();
        } else if (event instanceof FeeScheduleRevised e) {
            effectiveFrom = e.effectiveFrom();
            items = e.items();
        } else if (event instanceof FeeScheduleActivated) {
            active = true;
        }
    }

    public boolean exists() {
        return version != 0;
    }

    public FeeScheduleVersion snapshot() {
        return new FeeScheduleVersion(version, effectiveFrom, items);
    }

    /** NONE (not drafted), DRAFT or ACTIVE. */
    public String state() {
        return version == 0 ? "NONE" : active ? "ACTIVE" : "DRAFT";
    }

    private void requireDraft(String rule) {
        if (version == 0) {
            throw new IllegalStateException("no such schedule");
        }
        if (active) {
            throw new RuleViolation(rule, "ACTIVE", "version " + version + " is active: draft a new version instead");
        }
    }

    private static Instant requireDate(Instant effectiveFrom) {
        if (effectiveFrom == null) {
            throw new InvalidValue("effectiveFrom", "is required");
        }
        return effectiveFrom;
    }

    private static void requireItems(List<FeeItem> items) {
        if (items == null || items.isEmpty()) {
            throw new InvalidValue("items", "a schedule lists at least one item");
        }
        Set<String> codes = new HashSet<>();
        for (FeeItem i : items) {
            if (!codes.add(i.code())) {
                throw new InvalidValue("items", "code " + i.code() + " appears twice");
            }
        }
    }
}
