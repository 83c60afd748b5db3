package doorstep.intake.domain;

import doorstep.platform.domain.InvalidValue;

/**
 * Who reported the problem (报事人). Often not the legal owner: the technician must know at least
 * the surname to greet them ("请问是**老师家吗?"), so a name of one character is enough.
 */
public record Reporter(String name, PhoneNumber phone) {

    public static final int MAX_NAME = 50;

    public Reporter {
        if (name == null || name.isBlank()) {
            throw new InvalidValue("name", "is required: at least the reporter's surname");
        }
        name = name.strip();
        if (name.length() > MAX_NAME) {
            throw new InvalidValue("name", "is longer than " + MAX_NAME + " characters");
        }
        if (phone == null) {
            throw new InvalidValue("phone", "is required");
        }
    }
}
