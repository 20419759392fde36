package io.mayfly.testing.property;

import java.lang.reflect.Method;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;

/** Supplies one {@link Gen} per trial of a {@link PropertyTest}. */
final class SeedSource implements ArgumentsProvider, AnnotationConsumer<PropertyTest> {

    /** Replays one trial: the seed printed in a failing trial's name. */
    static final String SEED_PROPERTY = "mayfly.property.seed";
    /** Explores other cases than the default ones, still reproducibly. */
    static final String BASE_SEED_PROPERTY = "mayfly.property.base-seed";

    private int tries = 1000;

    @Override
    public void accept(PropertyTest annotation) {
        if (annotation.tries() < 1) {
            throw new IllegalArgumentException("@PropertyTest(tries = " + annotation.tries() + "): need at least 1");
        }
        this.tries = annotation.tries();
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
        String replay = System.getProperty(SEED_PROPERTY);
        if (replay != null && !replay.isBlank()) {
            return Stream.of(Arguments.of(Gen.forSeed(Gen.parseSeed(replay))));
        }
        Method method = context.getRequiredTestMethod();
        String base = System.getProperty(BASE_SEED_PROPERTY);
        long baseSeed = base == null || base.isBlank()
                ? (method.getDeclaringClass().getName() + "#" + method.getName()).hashCode() * 0x9E3779B97F4A7C15L
                : Gen.parseSeed(base);
        SplittableRandom seeds = new SplittableRandom(baseSeed);
        return LongStream.generate(seeds::nextLong).limit(tries).mapToObj(seed -> Arguments.of(Gen.forSeed(seed)));
    }
}
