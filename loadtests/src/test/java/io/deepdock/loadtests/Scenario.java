package io.deepdock.loadtests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import us.abstracta.jmeter.javadsl.core.DslTestPlan.TestPlanChild;
import us.abstracta.jmeter.javadsl.core.controllers.DslWeightedSwitchController;
import us.abstracta.jmeter.javadsl.core.engines.AutoStoppedTestException;
import us.abstracta.jmeter.javadsl.core.threadgroups.BaseThreadGroup;
import us.abstracta.jmeter.javadsl.core.threadgroups.DslDefaultThreadGroup;
import us.abstracta.jmeter.javadsl.core.threadgroups.BaseThreadGroup.ThreadGroupChild;

import static us.abstracta.jmeter.javadsl.JmeterDsl.autoStop;
import static us.abstracta.jmeter.javadsl.JmeterDsl.csvDataSet;
import static us.abstracta.jmeter.javadsl.JmeterDsl.htmlReporter;
import static us.abstracta.jmeter.javadsl.JmeterDsl.httpCache;
import static us.abstracta.jmeter.javadsl.JmeterDsl.httpCookies;
import static us.abstracta.jmeter.javadsl.JmeterDsl.rpsThreadGroup;
import static us.abstracta.jmeter.javadsl.JmeterDsl.testPlan;
import static us.abstracta.jmeter.javadsl.JmeterDsl.threadGroup;
import static us.abstracta.jmeter.javadsl.JmeterDsl.uniformRandomTimer;
import static us.abstracta.jmeter.javadsl.JmeterDsl.weightedSwitchController;
import static us.abstracta.jmeter.javadsl.core.listeners.AutoStopListener.AutoStopCondition.errors;

/**
 * The load scenarios. Each one writes JMeter's HTML report to {@code <out>/<id>/} (a
 * fixed name, so that links to it stay valid) and a summary to
 * {@code <out>/<id>-summary.json}, and stops early when its error rate passes
 * {@link LoadSettings#maxErrorPercent()}.
 */
public enum Scenario {

	/**
	 * Logs in through the form (once per user), then opens the main pages with their
	 * embedded assets and media, as the seed's test did.
	 */
	BROWSE("browse"),

	/** Real test-split digit and Fashion PNGs to {@code POST /api/v1/predict/{task}}. */
	PREDICT_IMAGE("predict-image"),

	/**
	 * Comments to the toxicity model (needs one:
	 * {@code ./deepdock train toxicity --csv}).
	 */
	PREDICT_TEXT("predict-text"),

	/**
	 * What a crowd of users does, in these proportions of requests: 55 % image
	 * predictions, 20 % pages (with their assets and media), 15 % feedback on one's
	 * newest prediction, 8 % text predictions when {@code loadtest.tasks} names toxicity
	 * (else they are image predictions too), 0.2 % batch submissions and 0.05 % short
	 * trainings.
	 */
	MIXED("mixed");

	private final String id;

	Scenario(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

	/** The scenario called {@code id} ({@code predict-image}, ...). */
	public static Scenario of(String id) {
		for (Scenario scenario : values()) {
			if (scenario.id.equals(id.toLowerCase(Locale.ROOT))) {
				return scenario;
			}
		}
		throw new IllegalArgumentException("unknown scenario '" + id + "': browse, predict-image, predict-text, mixed");
	}

	/** Comments for {@code predict-text}, rude and clean. */
	static final List<String> COMMENTS = List.of("thanks for the edit, the sources look good",
			"you are an idiot and your edits are garbage", "please check the spelling of the second paragraph",
			"I will find you and hurt you", "the article needs a map of the region", "what a stupid moron you are",
			"see the talk page before reverting again", "shut up, nobody cares about your opinion");

	/**
	 * Runs this scenario with {@code settings} and returns what it measured; the run may
	 * have been cut short by {@code autoStop} (then {@link Summary#errorPercent()} says
	 * why).
	 */
	public Summary run(LoadSettings settings) throws Exception {
		return run(settings, this.id);
	}

	/** The same, with its report and summary under {@code name} instead of the id. */
	public Summary run(LoadSettings settings, String name) throws Exception {
		Path out = settings.out().toAbsolutePath();
		Path report = out.resolve(name);
		deleteRecursively(report);
		Files.createDirectories(out);
		try (ApiToken token = ApiToken.create(settings)) {
			List<ThreadGroupChild> children = new ArrayList<>();
			if (settings.think().compareTo(Duration.ZERO) > 0) {
				children.add(uniformRandomTimer(settings.think().dividedBy(2),
						settings.think().multipliedBy(3).dividedBy(2)));
			}
			children.addAll(children(settings, token.secret(), out.resolve("pool")));
			BaseThreadGroup<?> load = users(settings, children.toArray(ThreadGroupChild[]::new));
			List<TestPlanChild> plan = new ArrayList<>();
			// a fresh visitor every iteration: pages fetch their assets again, as the
			// seed's test did
			plan.add(httpCache().disable());
			// but the same user, who logged in once (the once-only login): JMeter would
			// otherwise drop the session cookie at each iteration, and every page after
			// the first round would be a 401
			plan.add(httpCookies().clearCookiesBetweenIterations(false));
			plan.add(load);
			plan.add(autoStop("errors over " + settings.maxErrorPercent() + " %")
				.when(errors().percent().greaterThan(settings.maxErrorPercent())));
			plan.add(htmlReporter(out.toString(), name));
			try {
				testPlan(plan.toArray(TestPlanChild[]::new)).run();
			}
			catch (AutoStoppedTestException ex) {
				// the report holds what ran until then; the summary's error rate says why
				// it stopped
				System.err.println(this.id + ": " + ex.getMessage());
			}
		}
		Summary summary = Summary.read(this.id, report);
		summary.write(out.resolve(name + "-summary.json"));
		return summary;
	}

	/**
	 * The users: an arrival rate (open model), or looping users held for a duration or
	 * for a number of iterations each.
	 */
	private BaseThreadGroup<?> users(LoadSettings settings, ThreadGroupChild[] children) {
		if (settings.rps() > 0) {
			return rpsThreadGroup(this.id).maxThreads(settings.users())
				.rampToAndHold(settings.rps(), settings.ramp(), settings.duration())
				.children(children);
		}
		DslDefaultThreadGroup users = threadGroup(this.id).rampTo(settings.users(), settings.ramp());
		return ((settings.iterations() > 0) ? users.holdIterating(settings.iterations())
				: users.holdFor(settings.duration()))
			.children(children);
	}

	private List<ThreadGroupChild> children(LoadSettings settings, String token, Path pool) throws IOException {
		List<String> imageTasks = settings.tasks().stream().filter(ImagePool.CLASSES::containsKey).toList();
		boolean text = settings.tasks().contains("toxicity");
		return switch (this) {
			case BROWSE -> {
				List<ThreadGroupChild> browse = new ArrayList<>(List.of(Samplers.loginThroughForm(settings)));
				browse.addAll(Samplers.allPages(settings));
				yield browse;
			}
			case PREDICT_IMAGE -> List.of(images(settings, imageTasks, pool), Samplers.predictImage(settings, token));
			case PREDICT_TEXT -> List.of(texts(pool), Samplers.predictText(settings, token));
			case MIXED -> {
				Path zip = batchZip(pool);
				DslWeightedSwitchController crowd = weightedSwitchController()
					.child(text ? 5500 : 6300, Samplers.predictImage(settings, token))
					.child(2000, Samplers.page(settings, "predictions"))
					.child(1500, Samplers.feedback(settings, token));
				if (text) {
					crowd.child(800, Samplers.predictText(settings, token));
				}
				crowd.child(20, Samplers.submitBatch(settings, token, zip.toString()))
					.child(5, Samplers.submitTraining(settings, token));
				yield List.of(images(settings, imageTasks.isEmpty() ? List.of("digits") : imageTasks, pool),
						texts(pool), Samplers.loginThroughForm(settings), crowd);
			}
		};
	}

	private static ThreadGroupChild images(LoadSettings settings, List<String> tasks, Path pool) throws IOException {
		LoadSettings images = settings.with(settings.users(), settings.ramp(), tasks);
		Path csv = ImagePool.write(images, pool);
		return csvDataSet(csv.toString()).variableNames("task", "file", "expected", "labels").randomOrder();
	}

	private static ThreadGroupChild texts(Path pool) throws IOException {
		Files.createDirectories(pool);
		Path csv = pool.resolve("texts.csv");
		Files.write(csv, COMMENTS, StandardCharsets.UTF_8);
		return csvDataSet(csv.toString()).delimiter("\t").variableNames("text");
	}

	/** A zip of eight pool images, for {@code mixed}'s batch submissions. */
	private static Path batchZip(Path pool) throws IOException {
		Path zip = pool.resolve("batch.zip");
		try (Stream<Path> files = Files.list(pool);
				OutputStream file = Files.newOutputStream(zip);
				ZipOutputStream out = new ZipOutputStream(file)) {
			for (Path png : files.filter((p) -> p.toString().endsWith(".png")).sorted().limit(8).toList()) {
				out.putNextEntry(new ZipEntry(png.getFileName().toString()));
				Files.copy(png, out);
				out.closeEntry();
			}
		}
		return zip;
	}

	static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
