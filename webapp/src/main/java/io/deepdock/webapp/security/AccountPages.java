package io.deepdock.webapp.security;

import io.deepdock.core.users.Role;
import jakarta.validation.Valid;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import io.deepdock.webapp.views.RendersPages;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The login and registration pages. Spring Security handles the login form's
 * {@code POST /login}; registration here follows the same rules as
 * {@code POST /api/v1/auth/register}.
 */
@RendersPages
class AccountPages {

	private final Accounts accounts;

	private final SecurityProperties properties;

	private final RegistrationThrottle registrations;

	AccountPages(Accounts accounts, SecurityProperties properties, RegistrationThrottle registrations) {
		this.registrations = registrations;
		this.accounts = accounts;
		this.properties = properties;
	}

	@ModelAttribute("caller")
	DeepdockUser caller(@AuthenticationPrincipal DeepdockUser caller) {
		return caller;
	}

	@ModelAttribute("registrationOpen")
	boolean registrationOpen() {
		return this.properties.registrationOpen();
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@GetMapping("/register")
	String registerForm(Model model) {
		model.addAttribute("form", new AccountController.RegisterRequest(null, null));
		return "register";
	}

	/**
	 * Creates a USER account and sends the browser to the login page; a refused form is
	 * shown again with the reasons next to its fields.
	 */
	@PostMapping("/register")
	String register(@Valid @ModelAttribute("form") AccountController.RegisterRequest form, BindingResult result,
			jakarta.servlet.http.HttpServletRequest http, jakarta.servlet.http.HttpServletResponse response) {
		if (!this.properties.registrationOpen()) {
			result.reject("registration-closed", "This deepdock does not take new accounts; ask an admin.");
			return "register";
		}
		if (result.hasErrors()) {
			return "register";
		}
		try {
			this.registrations.acquire(http.getRemoteAddr());
		}
		catch (io.deepdock.webapp.problems.ProblemException ex) {
			if (ex.retryAfter() == null) {
				throw ex;
			}
			response.setStatus(429);
			response.setHeader("Retry-After", Long.toString(Math.max(1, ex.retryAfter().toSeconds())));
			result.reject("registration-throttled", ex.getMessage());
			return "register";
		}
		try {
			this.accounts.register(form.username(), form.password(), Role.USER);
		}
		catch (Accounts.UsernameTakenException ex) {
			result.rejectValue("username", "taken", ex.getMessage());
			return "register";
		}
		return "redirect:/login?registered";
	}

}
