package doorstep.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * A service's {@code domain} package is plain Java: no framework, persistence, messaging or JSON
 * library, and none of the service's adapters. Only {@code doorstep.platform.domain} (plain
 * exceptions, {@code @Nullable}, the {@code PhoneNumber} value) is shared.
 */
public final class DomainPurity {

    private DomainPurity() {
    }

    public static void check(String servicePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
        noClasses().that().resideInAPackage(servicePackage + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "jakarta..", "io.quarkus..", "io.smallrye..", "org.hibernate..", "org.apache.kafka..",
                        "com.fasterxml..", "io.vertx..", "org.eclipse.microprofile..",
                        "doorstep.platform.events..", "doorstep.platform.eventstore..", "doorstep.platform.web..",
                        "doorstep.platform.projection..", "doorstep.platform.relay..", "doorstep.platform.consumer..")
                .because("the domain holds the rules in plain Java; adapters translate to and from it")
                .check(classes);
        noClasses().that().resideInAPackage(servicePackage + ".domain..")
                .should().dependOnClassesThat().resideOutsideOfPackages(servicePackage + ".domain..", "java..",
                        "doorstep.platform.domain..")
                .because("the domain knows none of the service's adapters")
                .check(classes);
    }
}
