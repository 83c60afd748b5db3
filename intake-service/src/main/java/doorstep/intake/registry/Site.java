package doorstep.intake.registry;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A managed property (项目/小区). Its time zone decides the order's "day" for deadlines; its optional
 * telephone area code ({@code 028}) tells which mobiles are local to its exchange (decision D40).
 */
@Entity
@Table(name = "site")
public class Site extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "time_zone", nullable = false)
    public String timeZone;

    /** The area code of the site's telephone exchange with its 0, e.g. {@code 0755}; {@code null} when not given. */
    @Column(name = "area_code")
    public String areaCode;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
