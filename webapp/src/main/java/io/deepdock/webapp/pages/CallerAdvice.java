package io.deepdock.webapp.pages;

import io.deepdock.webapp.security.DeepdockUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Every page's header names the caller (or offers the login): pages of every feature and
 * Spring Boot's error page alike.
 */
@ControllerAdvice(annotations = Controller.class)
class CallerAdvice {

	@ModelAttribute("caller")
	DeepdockUser caller(@AuthenticationPrincipal DeepdockUser caller) {
		return caller;
	}

}
