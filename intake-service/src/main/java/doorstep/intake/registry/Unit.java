package doorstep.intake.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A unit (户) of a site with its legal owner (法定业主). */
@Entity
@Table(name = "unit")
public class Unit extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "site_id", nullable = false)
    public String siteId;

    @Column(nullable = false)
    public String building;

    @Column(name = "unit_number", nullable = false)
    public String unitNumber;

    @Column(name = "owner_name")
    public String ownerName;

    /** Canonical phone numbers. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "owner_phones", nullable = false, columnDefinition = "jsonb")
    public List<String> ownerPhones = new ArrayList<>();

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** How people say it: building and unit, e.g. {@code 3栋-1202}. */
    public String label() {
        return building + "-" + unitNumber;
    }
}
