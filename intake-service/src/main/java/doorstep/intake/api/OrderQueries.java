package doorstep.intake.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.intake.api.OrderViews.OrderView;
import doorstep.platform.web.TimelineEntry;
import doorstep.intake.projection.OrderSummary;
import doorstep.platform.security.SiteScope;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.Page;
import doorstep.platform.web.Timelines;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/**
 * Reads for the desk: one order, filtered pages of orders, an order's timeline. Each read is limited
 * to the caller's sites: another site's order is answered exactly as a missing one.
 */
@ApplicationScoped
public class OrderQueries {

    /**
     * List filters; any may be null.
     *
     * @param siteIds the sites the list may contain (see {@link SiteScope#listFilter}); null: every site
     */
    public record Filter(List<String> siteIds, String status, String unitId, String channel, Boolean warranty,
                         Instant reportedFrom, Instant reportedTo) {
    }

    @Inject
    Timelines timelines;

    /** @throws NotFound when there is no such order, or it is of a site {@code sites} does not include */
    public OrderView get(String orderId, SiteScope sites) {
        OrderSummary row = OrderSummary.findById(orderId);
        if (row == null) {
            throw new NotFound("order", orderId);
        }
        sites.requireVisible(row.siteId, "order", orderId);
        return OrderView.of(row);
    }

    /** Newest first. */
    public Page<OrderView> list(Filter f, String cursor, int limit) {
        String[] after = Page.decode(cursor, 1);
        List<String> where = new ArrayList<>();
        Parameters p = new Parameters();
        if (f.siteIds() != null && f.siteIds().isEmpty()) {
            return new Page<>(List.of(), null); // a token of no site sees no order
        }
        add(where, p, "siteId in :siteIds", "siteIds", f.siteIds());
        add(where, p, "status = :status", "status", f.status());
        add(where, p, "unitId = :unitId", "unitId", f.unitId());
        add(where, p, "channel = :channel", "channel", f.channel());
        add(where, p, "warranty = :warranty", "warranty", f.warranty());
        add(where, p, "reportedAt >= :from", "from", f.reportedFrom());
        add(where, p, "reportedAt < :to", "to", f.reportedTo());
        if (after != null) {
            add(where, p, "seq < :after", "after", parseSeq(after[0]));
        }
        String query = where.isEmpty() ? "1 = 1" : String.join(" and ", where);
        List<OrderSummary> rows = OrderSummary.<OrderSummary>find(query, Sort.descending("seq"), p).page(0, limit + 1).list();
        Page<OrderSummary> page = Page.of(rows, limit, r -> new String[] {Long.toString(r.seq)});
        return new Page<>(page.items().stream().map(OrderView::of).toList(), page.nextCursor());
    }

    /**
     * A page of the order's events, oldest first, each with who recorded it (the token's user and role, or the
     * service for a reaction), personal fields revealed: in clear, or 已删除 once erased (D48). The page after
     * {@code cursor} (null: the first), at most {@code limit} events ({@link Timelines}, D56).
     *
     * @throws NotFound when there is no such order, or it is of a site {@code sites} does not include
     */
    public Page<TimelineEntry> timeline(String orderId, SiteScope sites, String cursor, int limit) {
        return timelines.visible(orderId, sites, "order", orderId, cursor, limit);
    }

    private static long parseSeq(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw doorstep.platform.web.InvalidRequest.of("cursor", "is not a cursor from this list");
        }
    }

    private static void add(List<String> where, Parameters p, String clause, String name, Object value) {
        if (value != null) {
            where.add(clause);
            p.and(name, value);
        }
    }
}
