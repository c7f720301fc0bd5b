package io.deepdock.webapp.assets;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives every page {@code ${assets}} (Thymeleaf forbids bean references in {@code th:src}
 * and {@code th:href}).
 */
@ControllerAdvice(annotations = Controller.class)
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
