package io.deepdock.webapp.paging;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@link org.springframework.data.domain.Pageable} of a list endpoint and says
 * which properties it may be sorted by, so that every list takes {@code page},
 * {@code size} and {@code sort} the same way (see {@link PagedArgumentResolver}): an
 * unknown property is a 400 naming it, never a 500 from the query below.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Paged {

	/** The properties {@code sort} may name. */
	String[] sortable();

	/**
	 * The order when the request gives no {@code sort}, each as
	 * {@code property,asc|desc}.
	 */
	String[] sort();

}
