package io.deepdock.webapp.paging;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;

/**
 * The one shape every list answers with, Spring Data's {@link PagedModel}:
 * {@code {"content": [...], "page": {"size", "number", "totalElements", "totalPages"}}};
 * and paging in memory for the short lists that are not read page by page from the
 * database (datasets, model versions, schedules, tokens).
 */
public final class Pages {

	private Pages() {
	}

	public static <T> PagedModel<T> model(Page<T> page) {
		return new PagedModel<>(page);
	}

	/**
	 * One page of {@code all}, sorted by the pageable's orders (each property must have a
	 * key in {@code sortable}; nulls last in either direction).
	 */
	public static <T> PagedModel<T> of(List<T> all, Pageable pageable,
			Map<String, Function<T, ? extends Comparable<?>>> sortable) {
		Comparator<T> order = null;
		for (Sort.Order o : pageable.getSort()) {
			Function<T, ? extends Comparable<?>> key = sortable.get(o.getProperty());
			if (key == null) {
				throw new IllegalStateException("No comparator for sortable property " + o.getProperty());
			}
			Comparator<T> next = comparing(key, o.isAscending());
			order = (order == null) ? next : order.thenComparing(next);
		}
		List<T> sorted = (order == null) ? all : all.stream().sorted(order).toList();
		long offset = pageable.getOffset();
		List<T> content = (offset >= sorted.size()) ? List.of()
				: sorted.subList((int) offset, (int) Math.min(sorted.size(), offset + pageable.getPageSize()));
		return model(new PageImpl<>(content, pageable, sorted.size()));
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static <T> Comparator<T> comparing(Function<T, ? extends Comparable<?>> key, boolean ascending) {
		Comparator<Comparable> natural = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
		return Comparator.comparing((T item) -> (Comparable) key.apply(item), Comparator.nullsLast(natural));
	}

}
