package doorstep.intake;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain is plain Java: no framework, no persistence, no messaging, no JSON library. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("doorstep.intake");

    @Test
    void theDomainDependsOnNoFramework() {
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "jakarta..", "io.quarkus..", "io.smallrye..", "org.hibernate..", "org.apache.kafka..",
                        "com.fasterxml..", "io.vertx..", "org.eclipse.microprofile..",
                        "doorstep.platform.events..", "doorstep.platform.eventstore..", "doorstep.platform.web..")
                .check(classes);
    }

    @Test
    void theDomainKnowsNoAdapter() {
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..api..", "..projection..", "..registry..", "..application..")
                .check(classes);
    }
}
