package doorstep.intake.api;

import java.util.List;

import doorstep.intake.registry.Site;
import doorstep.intake.registry.Unit;

/** Request and response bodies of the unit registry API. */
public final class RegistryViews {

    private RegistryViews() {
    }

    public record CreateSite(String id, String name, String timeZone) {
    }

    public record SiteView(String id, String name, String timeZone) {
        static SiteView of(Site s) {
            return new SiteView(s.id, s.name, s.timeZone);
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
