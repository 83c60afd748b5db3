package doorstep.followup;

import doorstep.testing.DomainPurity;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void theDomainIsPlainJava() {
        DomainPurity.check("doorstep.followup");
    }
}
