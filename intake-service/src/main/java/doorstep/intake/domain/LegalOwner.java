package doorstep.intake.domain;

import java.util.List;

import doorstep.platform.domain.Personal;
import doorstep.platform.domain.Nullable;

/**
 * The unit's legal owner (法定业主) as the registry knew them when the problem was reported. The name is
 * personal data (D48), as are the phones' numbers.
 */
public record LegalOwner(@Personal @Nullable String name, List<ContactPhone> phones) {

    public LegalOwner {
        phones = phones == null ? List.of() : List.copyOf(phones);
    }
}
