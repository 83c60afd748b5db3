package doorstep.platform.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Tells {@link Caller} which roles the called endpoint admits, so the acting role can be chosen among them. */
public class EndpointRoles {

    @Inject
    Caller caller;

    @ServerRequestFilter
    void record(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return;
        }
        RolesAllowed allowed = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        if (allowed == null && resource.getResourceClass() != null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        caller.endpointAdmits(allowed == null ? null : allowed.value());
    }
}
