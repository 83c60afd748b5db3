package doorstep.intake.projection;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One row per dispatch order: what the customer-center desk lists and filters. Disposable. Personal
 * columns: {@code ownerName}, {@code ownerPhones}, {@code reporterName}, {@code reporterPhone},
 * {@code reporterFallbackDial}, {@code reporterPhoneExtension} (D48).
 */
@Entity
@Table(name = "order_summary")
public class OrderSummary extends PanacheEntityBase {

    @Id
    @Column(name = "order_id")
    public String orderId;
    @Column(name = "order_number")
    public String orderNumber;
    @Column(name = "site_id")
    public String siteId;
    public String status;
    @Column(name = "location_kind")
    public String locationKind;
    @Column(name = "unit_id")
    public String unitId;
    @Column(name = "unit_label")
    public String unitLabel;
    @Column(name = "public_area")
    public String publicArea;
    @Column(name = "owner_name")
    public String ownerName;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "owner_phones", columnDefinition = "jsonb")
    public List<String> ownerPhones;
    @Column(name = "reporter_name")
    public String reporterName;
    @Column(name = "reporter_phone")
    public String reporterPhone;
    @Column(name = "reporter_phone_kind")
    public String reporterPhoneKind;
    @Column(name = "reporter_fallback_dial")
    public String reporterFallbackDial;
    @Column(name = "reporter_phone_extension")
    public String reporterPhoneExtension;
    @Column(name = "visit_asap")
    public boolean visitAsap;
    @Column(name = "visit_agreed_at")
    public Instant visitAgreedAt;
    public String content;
    public String channel;
    @Column(name = "reporting_department")
    public String reportingDepartment;
    public boolean warranty;
    @Column(name = "reported_at")
    public Instant reportedAt;
    @Column(name = "cancel_reason")
    public String cancelReason;
    @Column(name = "cancelled_at")
    public Instant cancelledAt;
    public long version;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** Store position of the order's first event: a stable, monotonic paging key. */
    public long seq;
    /**
     * The order's personal data was erased (D48): the personal columns (owner and reporter names and
     * phones) read 已删除 and stay so, whatever event comes later.
     */
    @Column(name = "personal_data_erased")
    public boolean personalDataErased;
}
