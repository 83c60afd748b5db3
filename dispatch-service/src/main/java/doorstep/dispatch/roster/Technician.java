package doorstep.dispatch.roster;

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

/** A technician (工程人员) of a site's engineering department. Reference data. */
@Entity
@Table(name = "technician")
public class Technician extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "site_id", nullable = false)
    public String siteId;
    @Column(nullable = false)
    public String name;
    public String phone;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb", nullable = false)
    public List<String> skills = new ArrayList<>();
    @Column(name = "on_duty", nullable = false)
    public boolean onDuty;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
