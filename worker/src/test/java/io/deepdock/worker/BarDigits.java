package io.deepdock.worker;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The learnable digits source a {@link DigitsSourceIT} writes before its context starts:
 * {@code perDigit} noisy images per digit (see {@link WorkerFixtures#writeBarDigits}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface BarDigits {

	int perDigit();

	int maxShift() default 0;

	long seed();

}
