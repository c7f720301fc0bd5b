package io.deepdock.webapp.pages;

import io.deepdock.webapp.security.DeepdockUser;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import io.deepdock.webapp.views.RendersPages;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Every page's header names the caller (or offers the login): pages of every feature and
 * Spring Boot's error page alike. Every page also gets {@code ${when}}, the human times.
 */
@ControllerAdvice(annotations = RendersPages.class, assignableTypes = ErrorController.class)
class CallerAdvice {

	private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

	private final Humans when;

	CallerAdvice(Humans when) {
		this.when = when;
	}

	/**
	 * {@code ${when.ago(t)}}: times as people read them (Thymeleaf has no bean references
	 * in th:text's model).
	 */
	@ModelAttribute("when")
	Humans when() {
		return this.when;
	}

	@ModelAttribute("caller")
	DeepdockUser caller(@AuthenticationPrincipal DeepdockUser caller, HttpServletRequest request) {
		if (caller != null || request.getDispatcherType() != DispatcherType.ERROR) {
			return caller;
		}
		// the error page's dispatch comes after the security filters have let go of the
		// request's context (and they do not load it twice): read it from the session
		Authentication authentication = this.sessions.loadDeferredContext(request).get().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof DeepdockUser user) ? user : null;
	}

}
