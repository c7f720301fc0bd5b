package io.deepdock.webapp.problems;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The errors Tomcat answers itself, before any filter or servlet (an encoded NUL
 * {@code %00} or an invalid escape in the path, a malformed request line), are RFC 9457
 * problem details too, instead of Tomcat's HTML error page: its error report valve is
 * replaced by {@link ProblemReportValve}.
 */
@Configuration(proxyBeanMethods = false)
class TomcatProblemReports {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			Container parent = context.getParent();
			if (parent instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemReportValve.class.getName());
				// after every customizer (Spring Boot adds its own report valve in one)
				host.addLifecycleListener((event) -> {
					if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
						replaceReportValves(host);
					}
				});
			}
		});
	}

	private static void replaceReportValves(Host host) {
		for (Valve valve : host.getPipeline().getValves()) {
			if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
				host.getPipeline().removeValve(valve);
			}
		}
	}

	/** Writes Tomcat's own error answers as problem details. */
	public static class ProblemReportValve extends ErrorReportValve {

		static final String DETAIL = "The request was refused before it reached deepdock: its request line or URL "
				+ "is malformed, or holds a character that is never accepted (such as an encoded NUL, %00).";

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			HttpStatus known = HttpStatus.resolve(status);
			String title = (status == 400) ? "Request refused" : (known != null) ? known.getReasonPhrase() : "Error";
			String type = (status == 400) ? ApiExceptionHandler.TYPE_BASE + "rejected-request" : "about:blank";
			String detail = (status == 400) ? DETAIL : "The server could not serve this request (" + status + ").";
			try {
				response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				response.setCharacterEncoding("UTF-8");
				Writer writer = response.getReporter();
				if (writer != null) {
					// fixed texts only: nothing from the request is echoed
					writer.write("{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
							+ ",\"detail\":\"" + detail + "\"}");
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// the client is gone or the answer was already under way: nothing to add
			}
		}

	}

}
