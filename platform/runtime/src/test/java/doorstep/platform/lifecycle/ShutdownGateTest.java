package doorstep.platform.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ShutdownGateTest {

    @Test
    void closingWaitsForTheWorkInsideAndRefusesNewWork() throws Exception {
        ShutdownGate gate = new ShutdownGate();
        assertThat(gate.tryEnter()).isTrue();
        CompletableFuture<Integer> closing = CompletableFuture.supplyAsync(() -> gate.close(Duration.ofSeconds(30)));

        CountDownLatch refused = new CountDownLatch(1);
        Thread late = new Thread(() -> {
            while (gate.tryEnter()) { // until the gate has closed
                gate.exit();
            }
            refused.countDown();
        });
        late.start();
        assertThat(refused.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.isStopping()).isTrue();
        assertThat(closing).isNotDone(); // still waiting for the work inside

        gate.exit();
        assertThat(closing.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(gate.tryEnter()).isFalse();
    }

    @Test
    void closingGivesUpAfterItsTimeoutAndSaysHowMuchWorkIsStillInside() {
        ShutdownGate gate = new ShutdownGate();
        assertThat(gate.tryEnter()).isTrue();
        assertThat(gate.tryEnter()).isTrue();
        gate.exit();

        assertThat(gate.close(Duration.ofMillis(50))).isEqualTo(1);
        assertThat(gate.isStopping()).isTrue();
    }

    @Test
    void aServiceStoppingIsRecognisedAnywhereInTheCauses() {
        assertThat(ServiceStopping.isCause(new IllegalStateException(new ServiceStopping("x", new RuntimeException())))).isTrue();
        assertThat(ServiceStopping.isCause(new IllegalStateException("EntityManagerFactory is closed"))).isFalse();
    }
}
