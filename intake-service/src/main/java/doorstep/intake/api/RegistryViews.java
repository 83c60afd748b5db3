package doorstep.intake.api;

import java.util.List;

import doorstep.intake.registry.Site;
import doorstep.intake.registry.Unit;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the unit registry API. */
public final class RegistryViews {

    private RegistryViews() {
    }

    public record CreateSite(String id, String name, String timeZone,
                             @Schema(description = "Optional area code of the site's telephone exchange, with its 0: "
                                     + "mobiles of that area get no trunk-prefixed fallback dial string", example = "028")
                             String areaCode) {
    }

    public record SiteView(String id, String name, String timeZone, String areaCode) {
        static SiteView of(Site s) {
            return new SiteView(s.id, s.name, s.timeZone, s.areaCode);
        }
    }

    public record OwnerBody(String name, List<String> phones) {
    }

    public record CreateUnit(String siteId, String building, String unitNumber, OwnerBody owner) {
    }

    public record UnitView(String id, String siteId, String building, String unitNumber, String label, OwnerBody owner) {
        static UnitView of(Unit u) {
            return new UnitView(u.id, u.siteId, u.building, u.unitNumber, u.label(), new OwnerBody(u.ownerName, List.copyOf(u.ownerPhones)));
        }
    }
}
