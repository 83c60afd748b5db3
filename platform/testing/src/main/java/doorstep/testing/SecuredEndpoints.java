package doorstep.testing;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Deny by default, checked at build time: every JAX-RS resource method of a package must carry
 * an access rule ({@code @RolesAllowed}, {@code @PermitAll} or {@code @DenyAll}, on the method or
 * its class). The services also refuse such a method at run time
 * ({@code quarkus.security.jaxrs.deny-unannotated-endpoints}); this makes the omission a red build.
 */
public final class SecuredEndpoints {

    private static final List<String> HTTP_METHODS = List.of("jakarta.ws.rs.GET", "jakarta.ws.rs.POST", "jakarta.ws.rs.PUT",
            "jakarta.ws.rs.PATCH", "jakarta.ws.rs.DELETE", "jakarta.ws.rs.HEAD");
    private static final List<String> RULES = List.of("jakarta.annotation.security.RolesAllowed",
            "jakarta.annotation.security.PermitAll", "jakarta.annotation.security.DenyAll");

    private SecuredEndpoints() {
    }

    /** @return each resource method of {@code packages} (main code only) without an access rule, as {@code Class.method} */
    public static List<String> withoutAccessRule(String... packages) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(packages);
        return withoutAccessRule(classes);
    }

    /** As {@link #withoutAccessRule(String...)}, over classes already imported (tests of the check itself). */
    public static List<String> withoutAccessRule(JavaClasses classes) {
        List<String> missing = new ArrayList<>();
        for (JavaClass c : classes) {
            boolean classRule = RULES.stream().anyMatch(c::isAnnotatedWith);
            for (JavaMethod m : c.getMethods()) {
                boolean endpoint = HTTP_METHODS.stream().anyMatch(m::isAnnotatedWith);
                if (endpoint && !classRule && RULES.stream().noneMatch(m::isAnnotatedWith)) {
                    missing.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        return missing;
    }
}
