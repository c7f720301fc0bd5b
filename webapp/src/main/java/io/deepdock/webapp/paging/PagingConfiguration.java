package io.deepdock.webapp.paging;

import java.util.List;

import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts {@link PagedArgumentResolver} ahead of Spring Data's lenient one (this configurer
 * runs first), and tells the OpenAPI description each list's bounds and sortable
 * properties.
 */
@Configuration(proxyBeanMethods = false)
class PagingConfiguration implements WebMvcConfigurer, Ordered {

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new PagedArgumentResolver());
	}

	@Bean
	OperationCustomizer pagedOperations() {
		return (operation, handlerMethod) -> {
			for (MethodParameter parameter : handlerMethod.getMethodParameters()) {
				Paged paged = parameter.getParameterAnnotation(Paged.class);
				if (paged == null || operation.getParameters() == null) {
					continue;
				}
				for (Parameter p : operation.getParameters()) {
					switch (p.getName()) {
						case "page" -> p.description("page number, from 0 (default 0); negative is a 400")
							.schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO)._default(0));
						case "size" -> p
							.description("items per page, 1 to " + PagedArgumentResolver.MAX_SIZE + " (default "
									+ PagedArgumentResolver.DEFAULT_SIZE + "); outside that is a 400, never clamped")
							.schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE)
								.maximum(java.math.BigDecimal.valueOf(PagedArgumentResolver.MAX_SIZE))
								._default(PagedArgumentResolver.DEFAULT_SIZE));
						case "sort" -> p.description("property,asc|desc (may repeat); property one of: "
								+ String.join(", ", paged.sortable()) + "; default "
								+ String.join(" then ", paged.sort()) + "; anything else is a 400");
						default -> {
						}
					}
				}
			}
			return operation;
		};
	}

}
