package io.deepdock.webapp.security;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;

/**
 * What {@code csrf.spa()} does, for browsers only. A browser's request gets the CSRF
 * token made at once, so that every answer carries the {@code XSRF-TOKEN} cookie the
 * pages' scripts echo in {@code X-XSRF-TOKEN}. A request that CSRF protection exempts
 * (its own credentials, or an API call without a session cookie) gets the token deferred,
 * so none is made and no cookie is set unless something asks for it: making one for each
 * bearer-token call was 5 to 10 % of its CPU samples (docs/performance.md).
 */
final class BrowserCsrfTokens implements CsrfTokenRequestHandler {

	private final RequestMatcher exempt;

	private final CsrfTokenRequestAttributeHandler plain = new CsrfTokenRequestAttributeHandler();

	private final XorCsrfTokenRequestAttributeHandler eager = new XorCsrfTokenRequestAttributeHandler();

	private final XorCsrfTokenRequestAttributeHandler deferred = new XorCsrfTokenRequestAttributeHandler();

	/**
	 * @param exempt the requests CSRF protection ignores because a cross-site page cannot
	 * make a browser send them
	 */
	BrowserCsrfTokens(RequestMatcher exempt) {
		this.exempt = exempt;
		// no attribute name: the handler reads the token's own parameter name, which
		// loads it (Spring Security's SPA handler does the same)
		this.eager.setCsrfRequestAttributeName(null);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
		(this.exempt.matches(request) ? this.deferred : this.eager).handle(request, response, csrfToken);
	}

	/**
	 * The header ({@code X-XSRF-TOKEN}, a script echoing the cookie) carries the raw
	 * token; a form field ({@code _csrf}, rendered into a page) carries the masked one.
	 */
	@Override
	public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
		String header = request.getHeader(csrfToken.getHeaderName());
		return (StringUtils.hasText(header) ? this.plain : this.eager).resolveCsrfTokenValue(request, csrfToken);
	}

}
