import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Submit-to-RUNNING latency of jobs on a running platform: submits {@code count} TRAIN
 * jobs one after the other (each waits for an idle worker: the previous one has ended)
 * and reports percentiles of the server-side {@code startedAt - createdAt} (outbox relay,
 * broker, worker pick-up and lease). The probe job asks for a dataset that does not exist,
 * so it fails at once after starting: it measures dispatch, not training.
 *
 * <pre>
 * java loadtests/scripts/JobLatency.java [base-url] [count]
 * </pre>
 *
 * The base URL defaults to http://127.0.0.1:8080 and the count to 50. Credentials, when the
 * platform needs them: DEEPDOCK_USER (default admin) and DEEPDOCK_PASSWORD, else the file
 * .deepdock/admin-password.
 */
public class JobLatency {

	static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

	static String field(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
		return m.find() ? m.group(1) : null;
	}

	public static void main(String[] args) throws Exception {
		String base = (args.length > 0) ? args[0] : "http://127.0.0.1:8080";
		int count = (args.length > 1) ? Integer.parseInt(args[1]) : 50;
		String password = System.getenv("DEEPDOCK_PASSWORD");
		Path file = Path.of(".deepdock/admin-password");
		if (password == null && Files.exists(file)) {
			password = Files.readString(file).strip();
		}
		String user = (System.getenv("DEEPDOCK_USER") != null) ? System.getenv("DEEPDOCK_USER") : "admin";
		String auth = (password != null) ? "Basic " + Base64.getEncoder()
			.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)) : null;
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		List<Double> server = new ArrayList<>();
		List<Double> observed = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long sent = System.nanoTime();
			HttpRequest.Builder submit = HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(
						"{\"type\":\"TRAIN\",\"task\":\"toxicity\",\"promote\":\"never\"}"));
			if (auth != null) {
				submit.header("Authorization", auth);
			}
			HttpResponse<String> accepted = http.send(submit.build(), HttpResponse.BodyHandlers.ofString());
			if (accepted.statusCode() != 202) {
				throw new IllegalStateException("submit answered " + accepted.statusCode() + ": " + accepted.body());
			}
			Matcher id = ID.matcher(accepted.body());
			id.find();
			String job = id.group(1);
			Double seen = null;
			String body;
			while (true) {
				HttpRequest.Builder poll = HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + job));
				if (auth != null) {
					poll.header("Authorization", auth);
				}
				body = http.send(poll.build(), HttpResponse.BodyHandlers.ofString()).body();
				String state = field(body, "state");
				if (seen == null && !"QUEUED".equals(state)) {
					seen = (System.nanoTime() - sent) / 1e6;
				}
				if ("SUCCEEDED".equals(state) || "FAILED".equals(state) || "CANCELLED".equals(state)) {
					break;
				}
				Thread.sleep(5);
			}
			server.add(Duration.between(Instant.parse(field(body, "createdAt")), Instant.parse(field(body, "startedAt")))
				.toNanos() / 1e6);
			observed.add(seen);
		}
		report("server-side startedAt - createdAt", server);
		report("client-side submit to first non-QUEUED poll (5 ms polling)", observed);
	}

	static void report(String what, List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		System.out.printf("%s, n=%d: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, sorted.size(),
				pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.get(sorted.size() - 1));
	}

	static double pct(List<Double> sorted, int p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

}
