package doorstep.platform.events;

import java.util.Objects;

/** Who caused an event: a user with a role, or a service reacting to another event. */
public record Actor(String id, String role) {

    public static final String SYSTEM_ROLE = "system";

    public Actor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
    }

    public static Actor service(String serviceName) {
        return new Actor(serviceName + "-service", SYSTEM_ROLE);
    }
}
