package doorstep.intake.domain;

import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.Personal;

/**
 * Who reported the problem (报事人). Often not the legal owner: the technician must know at least
 * the surname to greet them ("请问是**老师家吗?"), so a name of one character is enough. The name is personal
 * data (D48): sealed in events, 已删除 once the order's personal data was erased.
 */
public record Reporter(@Personal String name, ContactPhone phone) {

    public static final int MAX_NAME = 50;

    public Reporter {
        name = validName(name);
        if (phone == null) {
            throw new InvalidValue("phone", "is required");
        }
    }

    /** @return the name stripped; @throws InvalidValue (field {@code name}) when blank or too long */
    public static String validName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidValue("name", "is required: at least the reporter's surname");
        }
        String stripped = name.strip();
        if (stripped.length() > MAX_NAME) {
            throw new InvalidValue("name", "is longer than " + MAX_NAME + " characters");
        }
        return stripped;
    }
}
