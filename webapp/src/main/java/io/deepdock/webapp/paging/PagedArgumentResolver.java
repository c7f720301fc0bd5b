package io.deepdock.webapp.paging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.core.MethodParameter;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Reads {@code page}, {@code size} and {@code sort} for every list endpoint, strictly:
 * Spring Data's own resolver quietly turns a negative page into the first one, clamps the
 * size and passes any sort property on to the query (an unknown one then fails there, as
 * a 500). Here each of these is a 400 naming the parameter:
 * <ul>
 * <li>{@code page}: a whole number from 0 (default 0);</li>
 * <li>{@code size}: a whole number from 1 to {@value #MAX_SIZE} (default
 * {@value #DEFAULT_SIZE}); a bigger one is refused, not clamped, so that a client never
 * believes it has everything when it has not;</li>
 * <li>{@code sort}: {@code property} or {@code property,asc|desc}, may repeat, the
 * property one of the endpoint's {@link Paged#sortable()}.</li>
 * </ul>
 */
public class PagedArgumentResolver implements HandlerMethodArgumentResolver {

	public static final int DEFAULT_SIZE = 20;

	public static final int MAX_SIZE = 100;

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Pageable.class.equals(parameter.getParameterType());
	}

	@Override
	public Pageable resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		Paged paged = parameter.getParameterAnnotation(Paged.class);
		if (paged == null) {
			throw new IllegalStateException("The Pageable of " + parameter.getExecutable()
					+ " has no @Paged: every list says which properties it sorts by");
		}
		List<InvalidPagingException.ParameterError> errors = new ArrayList<>();
		int page = number(webRequest.getParameterValues("page"), "page", 0, 0, Integer.MAX_VALUE, errors);
		int size = number(webRequest.getParameterValues("size"), "size", DEFAULT_SIZE, 1, MAX_SIZE, errors);
		String[] requested = webRequest.getParameterValues("sort");
		Sort sort = sort((requested != null && requested.length > 0) ? requested : paged.sort(), paged.sortable(),
				errors);
		if (errors.isEmpty()) {
			checkOffset(page, size, errors);
		}
		if (!errors.isEmpty()) {
			throw new InvalidPagingException(errors);
		}
		return PageRequest.of(page, size, sort);
	}

	/**
	 * A page whose first row lies beyond {@link Integer#MAX_VALUE}: JPA takes the offset
	 * as an {@code int}, so {@code page=2147483647} would otherwise fail in the query as
	 * a 500. No list is that long; the page is refused, naming it.
	 * @return the page request
	 * @throws InvalidPagingException naming {@code page}
	 */
	public static PageRequest request(int page, int size, Sort sort) {
		List<InvalidPagingException.ParameterError> errors = new ArrayList<>();
		if (page < 0) {
			errors.add(new InvalidPagingException.ParameterError("page", Integer.toString(page),
					"must be a whole number from 0"));
		}
		else {
			checkOffset(page, size, errors);
		}
		if (!errors.isEmpty()) {
			throw new InvalidPagingException(errors);
		}
		return PageRequest.of(page, size, sort);
	}

	private static void checkOffset(int page, int size, List<InvalidPagingException.ParameterError> errors) {
		if ((long) page * size > Integer.MAX_VALUE) {
			errors.add(new InvalidPagingException.ParameterError("page", Integer.toString(page),
					"must be at most " + (Integer.MAX_VALUE / size) + " with size " + size
							+ " (the first row of the page must lie within 2147483647 rows)"));
		}
	}

	private static int number(String[] values, String name, int fallback, int min, int max,
			List<InvalidPagingException.ParameterError> errors) {
		if (values == null || values.length == 0) {
			return fallback;
		}
		String value = values[0].strip();
		String range = (max == Integer.MAX_VALUE) ? "a whole number from " + min
				: "a whole number from " + min + " to " + max;
		if (values.length > 1) {
			errors.add(new InvalidPagingException.ParameterError(name, String.join(",", values),
					"give one " + name + ", " + range));
			return fallback;
		}
		try {
			int number = Integer.parseInt(value);
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		errors.add(new InvalidPagingException.ParameterError(name, value, "must be " + range));
		return fallback;
	}

	static Sort sort(String[] values, String[] sortable, List<InvalidPagingException.ParameterError> errors) {
		List<Sort.Order> orders = new ArrayList<>();
		List<String> allowed = Arrays.asList(sortable);
		for (String value : values) {
			String[] parts = value.split(",", -1);
			String property = parts[0].strip();
			if (parts.length > 2 || !allowed.contains(property)) {
				errors.add(new InvalidPagingException.ParameterError("sort", value,
						"must be property or property,asc|desc with property one of " + String.join(", ", sortable)));
				continue;
			}
			Sort.Direction direction = Sort.Direction.ASC;
			if (parts.length == 2) {
				String given = parts[1].strip().toLowerCase(Locale.ROOT);
				if (!given.equals("asc") && !given.equals("desc")) {
					errors.add(new InvalidPagingException.ParameterError("sort", value,
							"the direction must be asc or desc"));
					continue;
				}
				direction = given.equals("asc") ? Sort.Direction.ASC : Sort.Direction.DESC;
			}
			orders.add(new Sort.Order(direction, property));
		}
		// rows equal in every named property keep one order from page to page: the id
		// breaks the tie, in the direction of the first order
		if (!orders.isEmpty() && orders.stream().noneMatch((order) -> order.getProperty().equals("id"))
				&& allowed.contains("id")) {
			orders.add(new Sort.Order(orders.get(0).getDirection(), "id"));
		}
		return Sort.by(orders);
	}

}
