package doorstep.platform.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/** Refuses to start with an unusable {@code doorstep.paging.cursor-key} rather than fail on the first list. */
@ApplicationScoped
class CursorKeyCheck {

    void onStart(@Observes StartupEvent event) {
        Cursors.checkKey();
    }
}
