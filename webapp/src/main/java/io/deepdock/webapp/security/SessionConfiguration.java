package io.deepdock.webapp.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.config.annotation.web.http.EnableJdbcHttpSession;

/**
 * Browser sessions live in PostgreSQL ({@code spring_session}, migration V7), so that any
 * web replica behind nginx serves a logged-in browser. The cookie ({@code SESSION}) is
 * HttpOnly and SameSite=Lax, and Secure when the request came over HTTPS
 * ({@code X-Forwarded-Proto} from nginx). Configured by hand: Boot's session module does
 * not resolve here (see the root pom).
 */
@Configuration(proxyBeanMethods = false)
@EnableJdbcHttpSession
class SessionConfiguration {

}
