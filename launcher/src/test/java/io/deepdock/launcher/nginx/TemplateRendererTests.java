package io.deepdock.launcher.nginx;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TemplateRendererTests {

	@Test
	void replacesPlaceholdersAndLeavesNginxVariablesAlone() {
		String rendered = TemplateRenderer.render("t", "listen ${LB_LISTEN};\nproxy_set_header Host $http_host;\n",
				Map.of("LB_LISTEN", "127.0.0.1:8080"));
		assertThat(rendered).isEqualTo("listen 127.0.0.1:8080;\nproxy_set_header Host $http_host;\n");
	}

	@Test
	void insertsValuesLiterallyEvenWithDollarsAndBackslashes() {
		assertThat(TemplateRenderer.render("t", "x ${A};", Map.of("A", "$1 \\n"))).isEqualTo("x $1 \\n;");
	}

	@Test
	void failsOnEveryUnknownPlaceholderAtOnce() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TemplateRenderer.render("lb.template", "${A} ${B} ${C}", Map.of("A", "a")))
			.withMessageContaining("lb.template: no value for ${B}, ${C}");
	}

	@Test
	void failsOnABareUpperCaseVariableThatEnvsubstWouldReplace() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TemplateRenderer.render("t", "root $MEDIA_ROOT;", Map.of("MEDIA_ROOT", "/m")))
			.withMessageContaining("$MEDIA_ROOT (write ${MEDIA_ROOT} for a placeholder)");
	}

}
