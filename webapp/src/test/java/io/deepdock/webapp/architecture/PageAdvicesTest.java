package io.deepdock.webapp.architecture;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerTypePredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advices that fill every page's model (the caller, the asset URLs, the human times)
 * select the page controllers and the error page, as Spring selects them: an advice that
 * matched the API's controllers too would have its model attributes, the caller among
 * them, resolved on every API call (5 % of a prediction's cost in a profile, issue 15).
 */
class PageAdvicesTest {

	static final JavaClasses WEBAPP = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.deepdock.webapp");

	static HandlerTypePredicate selectorOf(Class<?> advice) {
		// what Spring's ControllerAdviceBean builds from the annotation
		ControllerAdvice annotation = AnnotatedElementUtils.findMergedAnnotation(advice, ControllerAdvice.class);
		return HandlerTypePredicate.builder()
			.basePackage(annotation.basePackages())
			.basePackageClass(annotation.basePackageClasses())
			.assignableType(annotation.assignableTypes())
			.annotation(annotation.annotations())
			.build();
	}

	static List<Class<?>> classes(java.util.function.Predicate<JavaClass> which) {
		return WEBAPP.stream().filter(which).<Class<?>>map(JavaClass::reflect).toList();
	}

	@Test
	void pageAdvicesApplyToThePagesAndTheErrorPageButToNoApiController() {
		List<Class<?>> pageAdvices = classes((c) -> c.isAnnotatedWith(ControllerAdvice.class) && c.getMethods()
			.stream()
			.anyMatch((m) -> m.isAnnotatedWith(org.springframework.web.bind.annotation.ModelAttribute.class)));
		List<Class<?>> apis = classes(
				(c) -> c.isMetaAnnotatedWith(RestController.class) || c.isAnnotatedWith(RestController.class));
		List<Class<?>> pages = classes((c) -> c.isAnnotatedWith(io.deepdock.webapp.views.RendersPages.class));
		assertThat(pageAdvices).as("the advices that add to every page's model").hasSizeGreaterThanOrEqualTo(2);
		assertThat(apis).as("the API's controllers").hasSizeGreaterThanOrEqualTo(8);
		assertThat(pages).as("the page controllers").hasSizeGreaterThanOrEqualTo(4);
		for (Class<?> advice : pageAdvices) {
			HandlerTypePredicate selects = selectorOf(advice);
			assertThat(apis).as(advice.getSimpleName() + " on API controllers").noneMatch(selects);
			assertThat(pages).as(advice.getSimpleName() + " on page controllers").allMatch(selects);
			assertThat(selects.test(BasicErrorController.class)).as(advice.getSimpleName() + " on the error page")
				.isTrue();
		}
	}

}
