package doorstep.intake.domain;

import java.util.List;

/** The unit's legal owner (法定业主) as the registry knew them when the problem was reported. */
public record LegalOwner(String name, List<ContactPhone> phones) {

    public LegalOwner {
        phones = phones == null ? List.of() : List.copyOf(phones);
    }
}
