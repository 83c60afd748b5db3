package doorstep.testing;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Property-based checks with plain JUnit: a property is run against many generated cases, each
 * from its own seed, so a failure names the seed that reproduces it ({@code -Ddoorstep.seed=N}).
 */
public final class Properties {

    private Properties() {
    }

    /**
     * @param tries     how many cases
     * @param generator builds one case from a seeded random source
     * @param property  throws (an assertion) when the case breaks the property
     */
    public static <T> void forAll(int tries, Function<Random, T> generator, Consumer<T> property) {
        Long only = Long.getLong("doorstep.seed");
        long base = 0x5EED_D00DL;
        for (int i = 0; i < (only != null ? 1 : tries); i++) {
            long seed = only != null ? only : base + i;
            T value = generator.apply(new Random(seed));
            try {
                property.accept(value);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("property failed for seed " + seed + " (rerun with -Ddoorstep.seed=" + seed + "): "
                        + value, e);
            }
        }
    }

    /** A number in [min, max]. */
    public static int between(Random r, int min, int max) {
        return min + r.nextInt(max - min + 1);
    }

    public static long between(Random r, long min, long max) {
        return min + (long) (r.nextDouble() * (max - min + 1));
    }
}
