package doorstep.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.assertj.core.api.AbstractThrowableAssert;

/**
 * Given (past events) / when (a command) / then (new events or a rejection) for an aggregate,
 * with no database and no framework.
 *
 * <pre>{@code
 * fixture.given(reported).when(order -> order.cancel(...)).thenEmits(new OrderCancelled(...));
 * }</pre>
 *
 * @param <A> the aggregate
 * @param <E> its event type
 */
public final class AggregateFixture<A, E> {

    private final Supplier<A> blank;
    private final BiConsumer<A, E> applier;

    private AggregateFixture(Supplier<A> blank, BiConsumer<A, E> applier) {
        this.blank = blank;
        this.applier = applier;
    }

    /** @param applier the aggregate's event-applying method, the same one used to rebuild it */
    public static <A, E> AggregateFixture<A, E> forAggregate(Supplier<A> blank, BiConsumer<A, E> applier) {
        return new AggregateFixture<>(blank, applier);
    }

    @SafeVarargs
    public final Given given(E... history) {
        A aggregate = blank.get();
        for (E event : history) {
            applier.accept(aggregate, event);
        }
        return new Given(aggregate);
    }

    public final class Given {
        private final A aggregate;

        private Given(A aggregate) {
            this.aggregate = aggregate;
        }

        public When when(Function<A, List<? extends E>> command) {
            try {
                return new When(aggregate, new ArrayList<>(command.apply(aggregate)), null);
            } catch (RuntimeException rejected) {
                return new When(aggregate, List.of(), rejected);
            }
        }

        public A state() {
            return aggregate;
        }
    }

    public final class When {
        private final A aggregate;
        private final List<E> emitted;
        private final RuntimeException rejection;

        private When(A aggregate, List<E> emitted, RuntimeException rejection) {
            this.aggregate = aggregate;
            this.emitted = emitted;
            this.rejection = rejection;
        }

        @SafeVarargs
        public final When thenEmits(E... expected) {
            noRejection();
            assertThat(emitted).containsExactlyElementsOf(Arrays.asList(expected));
            return this;
        }

        /** For events with generated parts: inspect them yourself. */
        public When thenEmitsMatching(java.util.function.Consumer<List<E>> check) {
            noRejection();
            check.accept(emitted);
            return this;
        }

        public When thenEmitsNothing() {
            noRejection();
            assertThat(emitted).isEmpty();
            return this;
        }

        public AbstractThrowableAssert<?, ? extends Throwable> thenRejectedWith(Class<? extends RuntimeException> type) {
            if (rejection == null) {
                fail("expected " + type.getSimpleName() + " but the command emitted " + emitted);
            }
            return assertThatThrownBy(() -> {
                throw rejection;
            }).isInstanceOf(type);
        }

        /** The aggregate after applying what the command emitted: commands never change state themselves. */
        public A stateAfter() {
            noRejection();
            for (E event : emitted) {
                applier.accept(aggregate, event);
            }
            return aggregate;
        }

        private void noRejection() {
            if (rejection != null) {
                throw new AssertionError("the command was rejected", rejection);
            }
        }
    }
}
