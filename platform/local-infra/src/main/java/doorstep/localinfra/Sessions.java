package doorstep.localinfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts child processes in a session of their own where {@code setsid} exists, so a Ctrl-C at the
 * terminal reaches only the launcher, which then stops its children in order (services before
 * the broker they leave their consumer groups on, the broker before the database).
 */
public final class Sessions {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Sessions() {
    }

    public static List<String> detached(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(command.size() + 1);
        wrapped.add(SETSID.toString());
        wrapped.addAll(command);
        return wrapped;
    }
}
