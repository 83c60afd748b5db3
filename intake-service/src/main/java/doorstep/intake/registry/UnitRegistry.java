package doorstep.intake.registry;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import doorstep.platform.domain.PhoneNumber;
import doorstep.platform.security.SiteScope;
import doorstep.platform.web.Conflict;
import doorstep.platform.web.FieldError;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.RequestValidator;
import doorstep.platform.web.Text;

/**
 * The unit registry: sites and their units with legal owners. Reference data, kept current in
 * place by admins (an owner changes when a unit is sold); every order keeps its own copy of the
 * owner as it was when the problem was reported.
 */
@ApplicationScoped
public class UnitRegistry {

    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";
    static final List<String> CSV_COLUMNS = List.of("site_id", "building", "unit_number", "owner_name", "owner_phones");

    /** A unit as an admin describes it, before it is stored. */
    public record UnitInput(String siteId, String building, String unitNumber, String ownerName, List<String> ownerPhones) {
    }

    /** What a CSV import did. */
    public record ImportResult(int rows, int created, int updated) {
    }

    @Inject
    Clock clock;

    @Transactional
    public Site createSite(String id, String name, String timeZone, String areaCode) {
        RequestValidator v = new RequestValidator();
        if (v.requiredText("id", id, 64)) {
            v.check(id.matches("[a-z0-9][a-z0-9-]*"), "id", "may contain only lower-case letters, digits and dashes");
        }
        v.requiredText("name", name, 200);
        String zone = timeZone == null || timeZone.isBlank() ? DEFAULT_TIME_ZONE : timeZone.strip();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            v.add("timeZone", "is not a time zone id such as Asia/Shanghai");
        }
        String area = areaCode == null || areaCode.isBlank() ? null : areaCode.strip();
        v.check(area == null || PhoneNumber.isAreaCode(area), "areaCode", "is not a mainland area code with its 0, e.g. 028 or 0755");
        v.throwIfInvalid();
        if (Site.findById(id) != null) {
            throw new Conflict("site " + id + " exists");
        }
        Site site = new Site();
        site.id = id;
        site.name = name.strip();
        site.timeZone = zone;
        site.areaCode = area;
        site.createdAt = clock.instant();
        site.persist();
        return site;
    }

    /**
     * Registers a unit of one of the caller's sites.
     *
     * @param sites the sites of the administrator who registers it
     * @throws NotFound naming the site when it does not exist or is not one of {@code sites} (the same answer)
     * @throws Conflict when the site already has a unit with this building and number
     */
    @Transactional
    public Unit createUnit(UnitInput input, SiteScope sites) {
        RequestValidator v = new RequestValidator();
        UnitInput unit = normalise(input, v, "");
        v.throwIfInvalid();
        sites.requireVisible(unit.siteId(), "site", unit.siteId());
        if (Site.findById(unit.siteId()) == null) {
            throw new NotFound("site", unit.siteId());
        }
        if (findByAddress(unit.siteId(), unit.building(), unit.unitNumber()).isPresent()) {
            throw new Conflict("unit " + unit.building() + "-" + unit.unitNumber() + " exists at site " + unit.siteId());
        }
        Unit entity = new Unit();
        entity.id = UUID.randomUUID().toString();
        copy(unit, entity);
        entity.persist();
        return entity;
    }

    /**
     * Imports a CSV file of units, all or nothing: a file with any bad line imports none and
     * reports every bad line. A unit that exists (same site, building and number) gets the file's owner.
     * A line of a site the caller does not work on is reported exactly as a line of a missing site.
     *
     * @param sites the sites of the administrator who imports the file
     */
    @Transactional
    public ImportResult importCsv(String csv, SiteScope sites) {
        List<CsvReader.Row> rows = CsvReader.read(csv == null ? "" : csv);
        if (rows.isEmpty()) {
            throw InvalidRequest.of("file", "is empty: expected a header line " + String.join(",", CSV_COLUMNS));
        }
        List<String> header = rows.get(0).fields().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        if (!header.equals(CSV_COLUMNS)) {
            throw new InvalidRequest(List.of(new FieldError("header", "must be " + String.join(",", CSV_COLUMNS), 1)));
        }
        List<FieldError> errors = new ArrayList<>();
        List<UnitInput> units = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Boolean> knownSites = new HashMap<>();
        for (CsvReader.Row row : rows.subList(1, rows.size())) {
            if (row.fields().size() != CSV_COLUMNS.size()) {
                errors.add(new FieldError("line", "has " + row.fields().size() + " columns, expected " + CSV_COLUMNS.size(), row.line()));
                continue;
            }
            List<String> f = row.fields();
            // The file may have several lines; each cell is one line of text (tabs and breaks inside quotes too).
            List<FieldError> badText = new ArrayList<>();
            for (int i = 0; i < f.size(); i++) {
                String problem = Text.problem(f.get(i), false);
                if (problem != null) {
                    badText.add(new FieldError(CSV_COLUMNS.get(i), problem, row.line()));
                }
            }
            if (!badText.isEmpty()) {
                errors.addAll(badText);
                continue;
            }
            List<String> phones = f.get(4).isBlank() ? List.of() : List.of(f.get(4).split("[;|]"));
            RequestValidator v = new RequestValidator();
            UnitInput unit = normalise(new UnitInput(f.get(0), f.get(1), f.get(2), f.get(3), phones), v, "");
            for (FieldError e : v.errors()) {
                errors.add(new FieldError(csvColumn(e.field()), e.message(), row.line()));
            }
            if (v.hasErrors()) {
                continue;
            }
            if (!knownSites.computeIfAbsent(unit.siteId(), id -> sites.includes(id) && Site.findById(id) != null)) {
                errors.add(new FieldError("site_id", "no site with this id", row.line()));
                continue;
            }
            if (!seen.add(unit.siteId() + "/" + unit.building() + "/" + unit.unitNumber())) {
                errors.add(new FieldError("unit_number", "the same unit appears twice in the file", row.line()));
                continue;
            }
            units.add(unit);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors);
        }
        int created = 0;
        for (UnitInput unit : units) {
            Optional<Unit> existing = findByAddress(unit.siteId(), unit.building(), unit.unitNumber());
            Unit entity = existing.orElseGet(() -> {
                Unit u = new Unit();
                u.id = UUID.randomUUID().toString();
                return u;
            });
            copy(unit, entity);
            if (existing.isEmpty()) {
                entity.persist();
                created++;
            }
        }
        return new ImportResult(units.size(), created, units.size() - created);
    }

    public Optional<Unit> findUnit(String id) {
        return Unit.findByIdOptional(id);
    }

    public Optional<Site> findSite(String id) {
        return Site.findByIdOptional(id);
    }

    private Optional<Unit> findByAddress(String siteId, String building, String unitNumber) {
        return Unit.find("siteId = ?1 and building = ?2 and unitNumber = ?3", siteId, building, unitNumber).firstResultOptional();
    }

    private void copy(UnitInput unit, Unit entity) {
        entity.siteId = unit.siteId();
        entity.building = unit.building();
        entity.unitNumber = unit.unitNumber();
        entity.ownerName = unit.ownerName();
        entity.ownerPhones = new ArrayList<>(unit.ownerPhones());
        entity.updatedAt = clock.instant();
    }

    private static UnitInput normalise(UnitInput in, RequestValidator v, String prefix) {
        v.requiredText(prefix + "siteId", in.siteId(), 64);
        v.requiredText(prefix + "building", in.building(), 50);
        v.requiredText(prefix + "unitNumber", in.unitNumber(), 50);
        v.maxLength(prefix + "owner.name", in.ownerName(), 100);
        List<String> phones = new ArrayList<>();
        List<String> raw = in.ownerPhones() == null ? List.of() : in.ownerPhones();
        for (int i = 0; i < raw.size(); i++) {
            String p = raw.get(i);
            PhoneNumber phone = v.parse(prefix + "owner.phones[" + i + "]", () -> PhoneNumber.parse(p));
            if (phone != null && !phones.contains(phone.written())) {
                phones.add(phone.written());
            }
        }
        return new UnitInput(strip(in.siteId()), strip(in.building()), strip(in.unitNumber()),
                in.ownerName() == null || in.ownerName().isBlank() ? null : in.ownerName().strip(), phones);
    }

    private static String csvColumn(String field) {
        if (field.startsWith("owner.phones")) {
            return "owner_phones";
        }
        return switch (field) {
            case "siteId" -> "site_id";
            case "unitNumber" -> "unit_number";
            case "owner.name" -> "owner_name";
            default -> field;
        };
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

}
