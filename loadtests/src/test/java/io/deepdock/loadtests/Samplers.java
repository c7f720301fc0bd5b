package io.deepdock.loadtests;

import java.util.List;

import org.apache.http.entity.ContentType;
import org.apache.jmeter.protocol.http.sampler.HTTPSamplerProxy;
import us.abstracta.jmeter.javadsl.core.assertions.DslResponseAssertion.TargetField;
import us.abstracta.jmeter.javadsl.core.controllers.DslTransactionController;
import us.abstracta.jmeter.javadsl.core.threadgroups.BaseThreadGroup.ThreadGroupChild;
import us.abstracta.jmeter.javadsl.http.DslHttpSampler;

import static us.abstracta.jmeter.javadsl.JmeterDsl.httpSampler;
import static us.abstracta.jmeter.javadsl.JmeterDsl.ifController;
import static us.abstracta.jmeter.javadsl.JmeterDsl.onceOnlyController;
import static us.abstracta.jmeter.javadsl.JmeterDsl.regexExtractor;
import static us.abstracta.jmeter.javadsl.JmeterDsl.responseAssertion;
import static us.abstracta.jmeter.javadsl.JmeterDsl.transaction;

/**
 * The samplers the scenarios share. Each asserts on the answer, not only on its status: a
 * prediction's label must be a class of its task, a page must be a page of a logged-in
 * user, a submitted job must be the job asked for.
 */
final class Samplers {

	/** The pages a logged-in user opens (the Predict page is {@code /}). */
	static final List<String> PAGES = List.of("", "predictions", "jobs", "models", "datasets");

	/** The toxicity task's labels, as the platform names them. */
	static final String TOXICITY_LABELS = "toxic|severe_toxic|obscene|threat|insult|identity_hate";

	private Samplers() {
	}

	/**
	 * Logs in through the form once per user: reads the CSRF token from the login page,
	 * posts the form with it, and checks that the answer is not the login page again.
	 */
	static ThreadGroupChild loginThroughForm(LoadSettings settings) {
		return onceOnlyController(
				httpSampler("login page", settings.url() + "login")
					.children(regexExtractor("csrf", "name=\"_csrf\" value=\"([^\"]+)\"").defaultValue("NO_CSRF")),
				httpSampler("log in", settings.url() + "login").method("POST")
					.param("username", settings.user())
					.param("password", settings.password())
					.param("_csrf", "${csrf}")
					.children(notTheLoginPage()));
	}

	/**
	 * Opens a page as a browser would: the HTML, then its embedded assets and media
	 * (stylesheets, scripts, images, the predictions' thumbnails), all through the same
	 * URL, on the user's own thread and connections ({@link PageSampler}).
	 */
	static DslHttpSampler page(LoadSettings settings, String path) {
		return new PageSampler("page /" + path, settings.url() + path).downloadEmbeddedResources()
			.children(notTheLoginPage(), responseAssertion().containsSubstrings("<main"));
	}

	/** Every page of {@link #PAGES}, one after the other. */
	static List<ThreadGroupChild> allPages(LoadSettings settings) {
		return PAGES.stream().map((path) -> (ThreadGroupChild) page(settings, path)).toList();
	}

	/**
	 * A PNG from the image pool ({@code ${task}}, {@code ${file}}, {@code ${labels}} from
	 * the CSV data set) as multipart {@code image}; the label answered must be one of
	 * {@code ${labels}}.
	 */
	static DslHttpSampler predictImage(LoadSettings settings, String token) {
		return httpSampler("predict ${task}", settings.url() + "api/v1/predict/${task}").method("POST")
			.header("Authorization", "Bearer " + token)
			.bodyFilePart("image", "${file}", ContentType.IMAGE_PNG)
			.children(responseAssertion().containsRegexes("\"label\":\"(${labels})\""));
	}

	/** A comment ({@code ${text}} from the text CSV) to the toxicity model. */
	static DslHttpSampler predictText(LoadSettings settings, String token) {
		return httpSampler("predict toxicity", settings.url() + "api/v1/predict/toxicity")
			.post("{\"text\":\"${text}\"}", ContentType.APPLICATION_JSON)
			.header("Authorization", "Bearer " + token)
			.children(responseAssertion().containsRegexes("\"label\":\"(" + TOXICITY_LABELS + ")\""));
	}

	/**
	 * "Wrong, it is X" on the caller's newest recorded prediction (predictions are
	 * written off the request path, so a just-answered id may not be in the table yet:
	 * the list holds only recorded ones). The label sent is the one predicted, always a
	 * class of the task; the answer must hold it as the feedback.
	 */
	static DslTransactionController feedback(LoadSettings settings, String token) {
		return transaction("feedback",
				httpSampler("newest prediction", settings.url() + "api/v1/predictions?size=1")
					.header("Authorization", "Bearer " + token)
					.children(responseAssertion().containsSubstrings("\"content\""),
							regexExtractor("feedbackId", "\"id\":(\\d+)").defaultValue("NONE"),
							regexExtractor("feedbackLabel", "\"label\":\"([^\"]+)\"").defaultValue("NONE")),
				ifController((vars) -> !"NONE".equals(vars.vars.get("feedbackId")),
						httpSampler("feedback", settings.url() + "api/v1/predictions/${feedbackId}/feedback")
							.post("{\"label\":\"${feedbackLabel}\"}", ContentType.APPLICATION_JSON)
							.header("Authorization", "Bearer " + token)
							.children(
									responseAssertion().containsSubstrings("\"feedbackLabel\":\"${feedbackLabel}\""))));
	}

	/** A batch prediction of a small zip of pool images; 202 with a BATCH_PREDICT job. */
	static DslHttpSampler submitBatch(LoadSettings settings, String token, String zip) {
		return httpSampler("submit batch", settings.url() + "api/v1/jobs/batch").method("POST")
			.header("Authorization", "Bearer " + token)
			.bodyPart("task", "digits", ContentType.TEXT_PLAIN)
			.bodyFilePart("file", zip, ContentType.create("application/zip"))
			.children(status("202"), responseAssertion().containsSubstrings("\"BATCH_PREDICT\""));
	}

	/**
	 * A short digits training (small network, 500 images, one epoch); 202 with a TRAIN
	 * job.
	 */
	static DslHttpSampler submitTraining(LoadSettings settings, String token) {
		return httpSampler("submit training", settings.url() + "api/v1/jobs")
			.post("{\"type\":\"TRAIN\",\"task\":\"digits\",\"parameters\":{\"architecture\":\"small\",\"epochs\":1,"
					+ "\"limit\":500}}", ContentType.APPLICATION_JSON)
			.header("Authorization", "Bearer " + token)
			.children(status("202"), responseAssertion().containsSubstrings("\"TRAIN\""));
	}

	/**
	 * An HTTP sampler that fetches a page's embedded resources one after the other on the
	 * user's thread. jmeter-java-dsl always turns on JMeter's parallel download, whose
	 * pool threads are shared by all users and keep the HTTP clients of the user that
	 * created them (an inheritable thread-local): when that user ends, its clients close
	 * under another user's downloads ("Socket closed", "Request execution failed").
	 */
	static final class PageSampler extends DslHttpSampler {

		PageSampler(String name, String url) {
			super(name, url);
		}

		@Override
		public HTTPSamplerProxy configureHttpTestElement(HTTPSamplerProxy element) {
			HTTPSamplerProxy page = super.configureHttpTestElement(element);
			page.setConcurrentDwn(false);
			return page;
		}

	}

	private static us.abstracta.jmeter.javadsl.core.assertions.DslResponseAssertion status(String code) {
		return responseAssertion("status " + code).fieldToTest(TargetField.RESPONSE_CODE).equalsToStrings(code);
	}

	/** Fails a sample that came back as the login form (a lost or refused session). */
	private static us.abstracta.jmeter.javadsl.core.assertions.DslResponseAssertion notTheLoginPage() {
		return responseAssertion("logged in").containsSubstrings("id=\"login-submit\"").invertCheck();
	}

}
