package io.deepdock.webapp.assets;

import io.deepdock.webapp.views.RendersPages;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives every page {@code ${assets}} (Thymeleaf forbids bean references in {@code th:src}
 * and {@code th:href}).
 */
@ControllerAdvice(annotations = RendersPages.class, assignableTypes = ErrorController.class)
class AssetUrlsAdvice {

	private final AssetUrls assets;

	AssetUrlsAdvice(AssetUrls assets) {
		this.assets = assets;
	}

	@ModelAttribute("assets")
	AssetUrls assets() {
		return this.assets;
	}

}
