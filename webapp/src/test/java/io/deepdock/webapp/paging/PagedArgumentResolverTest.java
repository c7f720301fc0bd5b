package io.deepdock.webapp.paging;

import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PagedArgumentResolverTest {

	@Test
	void refusesAPageWhoseFirstRowLiesPastAnIntOffsetNamingThePage() {
		assertThatExceptionOfType(InvalidPagingException.class)
			.isThrownBy(() -> PagedArgumentResolver.request(Integer.MAX_VALUE, 20, Sort.unsorted()))
			.satisfies((ex) -> assertThat(ex.errors()).singleElement()
				.satisfies((error) -> assertThat(error.parameter()).isEqualTo("page"))
				.satisfies((error) -> assertThat(error.message()).contains("at most 107374182 with size 20")));
		assertThatExceptionOfType(InvalidPagingException.class)
			.isThrownBy(() -> PagedArgumentResolver.request(-1, 20, Sort.unsorted()));
	}

	@Test
	void acceptsTheLastPageAnIntOffsetReaches() {
		int last = Integer.MAX_VALUE / 100;
		assertThat(PagedArgumentResolver.request(last, 100, Sort.unsorted()).getOffset()).isEqualTo((long) last * 100)
			.isLessThanOrEqualTo(Integer.MAX_VALUE);
	}

	@Test
	void rowsEqualInTheSortedPropertyAreOrderedByIdInTheSameDirection() {
		Sort sort = PagedArgumentResolver.sort(new String[] { "createdAt,desc" }, new String[] { "id", "createdAt" },
				new java.util.ArrayList<>());
		assertThat(sort).containsExactly(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));
		assertThat(PagedArgumentResolver.sort(new String[] { "id,asc" }, new String[] { "id" },
				new java.util.ArrayList<>()))
			.containsExactly(Sort.Order.asc("id"));
	}

}
