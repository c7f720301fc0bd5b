package io.deepdock.webapp.security;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static io.deepdock.webapp.security.TokenScopeAuthorization.authenticated;
import static io.deepdock.webapp.security.TokenScopeAuthorization.passwordOnly;
import static io.deepdock.webapp.security.TokenScopeAuthorization.scoped;

/**
 * Who may call what.
 *
 * <ul>
 * <li>Browsers log in with the form ({@code /login}) and carry a session cookie (Spring
 * Session in PostgreSQL, HttpOnly, SameSite=Lax); their posts need the CSRF token.</li>
 * <li>API clients send HTTP Basic credentials or a personal API token
 * ({@code Authorization: Bearer ddt_...}) on every request; they get no session and need
 * no CSRF token (a cross-site page cannot make a browser send them).</li>
 * <li>USER: the shared models and built-in datasets, and their own predictions, jobs and
 * datasets. ADMIN: everything, plus promote/roll back, built-in imports, marking datasets
 * trusted and schedules.</li>
 * <li>A personal API token acts as its user within its scopes ({@link TokenScope}): every
 * route names the scope a token needs, and managing tokens takes the password (or an
 * admin's token with the admin scope).</li>
 * <li>Errors under {@code /api/} are problem details: 401 (with a Basic challenge), 403,
 * and 429 for a throttled login.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** No inline script or style anywhere: the pages load theirs from files. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
			+ "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	/** Swagger UI sets inline styles; it has no forms that post and no user content. */
	static final String DOCS_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
			+ "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	static final String[] PUBLIC = { "/", "/index.html", "/favicon.ico", "/assets/**", "/css/**", "/js/**",
			"/images/**", "/webjars/**", "/error", "/login", "/register" };

	static final String[] DOCS = { "/api/docs", "/api/docs/**", "/api/docs.json", "/api/docs.json/**",
			"/api/docs.json.yaml", "/api/docs.json.yaml/**", "/api/swagger-ui/**", "/swagger-ui/**",
			"/swagger-ui.html" };

	/** Actuator endpoints open to all: probes, and Prometheus on the replica's port. */
	static final String[] OPEN_ACTUATOR = { "/actuator/health", "/actuator/health/**", "/actuator/prometheus" };

	/**
	 * Spring Session's cookie: the only way a browser is authenticated without
	 * credentials.
	 */
	static final String SESSION_COOKIE = "SESSION";

	@Bean
	static PasswordEncoder passwordEncoder(SecurityProperties properties) {
		return new VerifiedPasswordCache(new BCryptPasswordEncoder(), properties.credentialCache());
	}

	@Bean
	SecurityFilterChain filterChain(HttpSecurity http, JsonMapper json, LoginThrottle throttle, ApiTokens tokens)
			throws Exception {
		ProblemResponses problems = new ProblemResponses(json);
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		RequestMatcher api = paths.matcher("/api/**");
		RequestMatcher docs = new OrRequestMatcher(java.util.Arrays.stream(DOCS).map(paths::matcher).toList());
		// the page a stranger asked for is remembered in a cookie, not a session: no
		// session row exists before a login; an API call that was refused is not
		// replayed after one
		CookieRequestCache requestCache = new CookieRequestCache();
		requestCache.setRequestMatcher(new NegatedRequestMatcher(api));
		// every redirect is relative (RFC 9110 allows it): none is built from the
		// request's Host header (nor X-Forwarded-Host)
		LoginUrlAuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/login");
		loginPage.setFavorRelativeUris(true);
		SavedRequestAwareAuthenticationSuccessHandler loggedIn = new SavedRequestAwareAuthenticationSuccessHandler();
		loggedIn.setRequestCache(requestCache);
		loggedIn.setRedirectStrategy(new RelativeRedirects());
		// what a cross-site page cannot make a browser send: no CSRF token is checked,
		// nor
		// made (BrowserCsrfTokens)
		RequestMatcher ownCredentials = (request) -> hasCredentials(request)
				|| (api.matches(request) && !hasSessionCookie(request));
		AuthorizationManager<RequestAuthorizationContext> admin = scoped(TokenScope.ADMIN,
				AuthorityAuthorizationManager.hasRole("ADMIN"));
		// first match wins. A password (session or HTTP Basic) may do what its role
		// allows; a personal API token also needs the route's scope (TokenScope), and a
		// route without one is closed to tokens (passwordOnly)
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(PUBLIC)
			.permitAll()
			.requestMatchers(DOCS)
			.permitAll()
			// nginx publishes only /actuator/health and its two probes (details for
			// admins only: management.endpoint.health.roles); Prometheus scrapes each
			// replica on its own port, which nginx does not publish, without
			// credentials. The rest (the index, metrics, info) is the admins'.
			.requestMatchers(HttpMethod.GET, OPEN_ACTUATOR)
			.permitAll()
			.requestMatchers(HttpMethod.HEAD, OPEN_ACTUATOR)
			.permitAll()
			.requestMatchers("/actuator", "/actuator/**")
			.access(admin)
			.requestMatchers(HttpMethod.POST, "/api/v1/auth/register")
			.permitAll()
			// a token that could make tokens could outlive its own deletion: managing
			// tokens takes the password, or an admin's token with the admin scope
			.requestMatchers("/api/v1/auth/tokens", "/api/v1/auth/tokens/**")
			.access(authenticated(TokenScope.ADMIN))
			.requestMatchers(HttpMethod.POST, "/api/v1/models/*/promote", "/api/v1/models/rollback")
			.access(admin)
			// a built-in dataset is shared by everyone: only an admin imports one
			.requestMatchers(HttpMethod.POST, "/api/v1/datasets/import")
			.access(admin)
			// trusted data trains what everyone is served: only an admin vouches for it
			.requestMatchers("/api/v1/datasets/*/trust")
			.access(admin)
			.requestMatchers("/api/v1/schedules", "/api/v1/schedules/**")
			.access(admin)
			// the page tells a user it is the admins'; a token needs the admin scope
			.requestMatchers("/schedules", "/schedules/**")
			.access(authenticated(TokenScope.ADMIN))
			.requestMatchers(HttpMethod.POST, "/api/v1/predict/*", "/api/v1/predictions/*/feedback")
			.access(authenticated(TokenScope.PREDICT))
			.requestMatchers(HttpMethod.POST, "/api/v1/jobs", "/api/v1/jobs/batch", "/api/v1/jobs/*/cancel",
					"/api/v1/datasets")
			.access(authenticated(TokenScope.TRAIN))
			// deleting one's own dataset, model version or batch files undoes an upload,
			// a
			// training or a batch: their scope
			.requestMatchers(HttpMethod.DELETE, "/api/v1/datasets/*", "/api/v1/models/*", "/api/v1/jobs/*/result")
			.access(authenticated(TokenScope.TRAIN))
			// the image a prediction stored: the prediction's scope
			.requestMatchers(HttpMethod.DELETE, "/api/v1/predictions/*/input")
			.access(authenticated(TokenScope.PREDICT))
			.requestMatchers(HttpMethod.GET, "/**")
			.access(authenticated(TokenScope.READ))
			.requestMatchers(HttpMethod.HEAD, "/**")
			.access(authenticated(TokenScope.READ))
			.anyRequest()
			.access(passwordOnly()))
			.exceptionHandling(
					(exceptions) -> exceptions.defaultAuthenticationEntryPointFor(problems.unauthorized(), api)
						.defaultAccessDeniedHandlerFor(problems.forbidden(), api)
						.defaultAuthenticationEntryPointFor(loginPage, browserNavigation()))
			.httpBasic((basic) -> basic.authenticationEntryPoint(problems.unauthorized()))
			.formLogin((form) -> form.loginPage("/login").successHandler(loggedIn).permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			.requestCache((cache) -> cache.requestCache(requestCache))
			.csrf((csrf) -> csrf.spa()
				.csrfTokenRequestHandler(new BrowserCsrfTokens(ownCredentials))
				.ignoringRequestMatchers(ownCredentials, paths.matcher(HttpMethod.POST, "/api/v1/auth/register")))
			.headers((headers) -> headers
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(docs),
						new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(docs,
						new ContentSecurityPolicyHeaderWriter(DOCS_CONTENT_SECURITY_POLICY)))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
				.frameOptions((frames) -> frames.deny()))
			.addFilterBefore(new LoginThrottleFilter(throttle, problems), UsernamePasswordAuthenticationFilter.class)
			.addFilterBefore(new BearerTokenFilter(tokens, problems), UsernamePasswordAuthenticationFilter.class);
		return http.build();
	}

	/**
	 * The requests form login sends to its login page (the same matcher Spring Security
	 * gives it: a page, an image or text, not a script's request), so that the relative
	 * entry point registered first answers exactly those.
	 */
	static RequestMatcher browserNavigation() {
		MediaTypeRequestMatcher media = new MediaTypeRequestMatcher(MediaType.APPLICATION_XHTML_XML,
				new MediaType("image", "*"), MediaType.TEXT_HTML, MediaType.TEXT_PLAIN);
		media.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
		return new AndRequestMatcher(
				new NegatedRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest")),
				media);
	}

	/**
	 * An API call without the session cookie cannot ride on a browser's login, so it
	 * needs no CSRF token: it is either authenticated by its own credentials or refused
	 * with 401.
	 */
	static boolean hasSessionCookie(HttpServletRequest request) {
		jakarta.servlet.http.Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (jakarta.servlet.http.Cookie cookie : cookies) {
				if (SESSION_COOKIE.equals(cookie.getName())) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * CSRF rides on cookies a browser adds by itself; it never adds an
	 * {@code Authorization} header (Basic credentials or an API token) to a cross-site
	 * request.
	 */
	static boolean hasCredentials(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return authorization != null && (authorization.regionMatches(true, 0, "Basic ", 0, 6)
				|| authorization.regionMatches(true, 0, "Bearer ", 0, 7));
	}

}
