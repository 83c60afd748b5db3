package doorstep.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import doorstep.local.LocalStack;
import org.junit.jupiter.api.Test;

/** The local stack gives the native-heap trim option (D59) only to JDKs that start with it. */
class ServiceJvmOptionsTest {

    private static final String TRIM = "-XX:TrimNativeHeapInterval=10000";

    @Test
    void jdksWithTheProductOptionGetIt() {
        for (String jdk : new String[] {"17.0.11", "17.0.15+6", "21.0.1", "21.0.5", "22", "25.0.1"}) {
            assertThat(LocalStack.serviceJvmOptions(Runtime.Version.parse(jdk))).as(jdk).contains(TRIM).contains("-Xmx192m");
        }
    }

    @Test
    void jdksWithoutItOrOnlyExperimentalStartWithoutIt() {
        for (String jdk : new String[] {"17", "17.0.8", "17.0.9", "17.0.10", "18.0.2", "20.0.2", "21", "21+35"}) {
            assertThat(LocalStack.serviceJvmOptions(Runtime.Version.parse(jdk))).as(jdk).doesNotContain(TRIM).contains("-Xmx192m");
        }
    }

    @Test
    void theStackUsesWhatThisJdkTakes() {
        assertThat(LocalStack.SERVICE_JVM_OPTIONS).isEqualTo(LocalStack.serviceJvmOptions(Runtime.version()));
    }
}
