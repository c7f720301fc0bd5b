package io.deepdock.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.deepdock.embedded.test.ApiClient;

/**
 * The hostile-input suite that {@code PlatformE2EIT} sends through nginx to the running
 * platform: each entry point with each class of bad input that issue 12 found (oversized
 * and chunked bodies, huge strings and arrays in JSON, deep nesting, NUL bytes, byte-long
 * passwords, overflowing pages, non-finite pixels, non-UTF-8 CSVs, huge ids, unknown
 * enums). Every row must get a 4xx problem detail; none may cost a replica its process.
 */
final class HostileInputs {

	/** One hostile request and the status it must get (0: any 4xx). */
	record Row(String what, int status, Supplier<HttpResponse<String>> request) {
	}

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String url;

	private final ApiClient user;

	HostileInputs(String url, ApiClient user) {
		this.url = url;
		this.user = user;
	}

	List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		// the two that took a replica down: 99 MB at registration, 50M pixels
		rows.add(new Row("99 MB username at registration, anonymous", 413,
				() -> anonymous("POST", "api/v1/auth/register",
						sized("{\"username\":\"", 99 << 20, "\",\"password\":\"0123456789ab\"}"), false)));
		rows.add(new Row("the same, chunked (no Content-Length)", 413, () -> anonymous("POST", "api/v1/auth/register",
				sized("{\"username\":\"", 99 << 20, "\",\"password\":\"0123456789ab\"}"), true)));
		rows.add(new Row("5M-element pixels array", 413,
				() -> send(this.user.request("api/v1/predict/digits")
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofByteArray(pixels(5_000_000))))));
		rows.add(new Row("a 100 KB username (under the body limit)", 0, () -> anonymous("POST", "api/v1/auth/register",
				sized("{\"username\":\"", 100_000, "\",\"password\":\"0123456789ab\"}"), false)));
		rows.add(new Row("JSON nested 20,000 deep", 0,
				() -> this.user.post("api/v1/jobs", "[".repeat(20_000) + "]".repeat(20_000))));
		rows.add(new Row("a 100 KB number in JSON", 0, () -> this.user.post("api/v1/jobs",
				"{\"type\":\"TRAIN\",\"task\":\"digits\",\"parameters\":{\"epochs\":" + "9".repeat(100_000) + "}}")));
		// NUL bytes: JSON, query parameters, form fields
		rows.add(new Row("NUL in a JSON username", 400, () -> anonymous("POST", "api/v1/auth/register",
				"{\"username\":\"nul\\u0000user\",\"password\":\"0123456789ab\"}".getBytes(StandardCharsets.UTF_8),
				false)));
		rows.add(new Row("NUL in a query parameter", 400, () -> this.user.get("api/v1/jobs?state=%00")));
		rows.add(new Row("NUL in a token name", 400,
				() -> this.user.post("api/v1/auth/tokens", "{\"name\":\"a\\u0000b\"}")));
		rows.add(new Row("NUL in a toxicity text", 400,
				() -> this.user.post("api/v1/predict/toxicity", "{\"text\":\"a\\u0000b\"}")));
		// text limits in bytes where the consumer counts bytes (bcrypt: 72)
		rows.add(new Row("a 40-character, 120-byte password", 400,
				() -> anonymous("POST", "api/v1/auth/register",
						("{\"username\":\"" + unique() + "\",\"password\":\"" + "€".repeat(40) + "\"}")
							.getBytes(StandardCharsets.UTF_8),
						false)));
		// paging arithmetic
		rows.add(new Row("page 2147483647 of size 100", 400,
				() -> this.user.get("api/v1/jobs?page=2147483647&size=100")));
		rows.add(new Row("page 99999999999999999999", 400,
				() -> this.user.get("api/v1/predictions?page=99999999999999999999")));
		rows.add(new Row("an id past long", 0, () -> this.user.get("api/v1/jobs/99999999999999999999")));
		rows.add(new Row("an unknown enum in a filter", 400, () -> this.user.get("api/v1/jobs?state=EXPLODED")));
		// non-finite and out-of-range pixels
		rows.add(new Row("pixels with 1e39", 400, () -> this.user.post("api/v1/predict/digits", pixelsJson("1e39"))));
		rows.add(new Row("pixels with \"NaN\"", 400,
				() -> this.user.post("api/v1/predict/digits", pixelsJson("\"NaN\""))));
		rows.add(new Row("pixels with -5", 400, () -> this.user.post("api/v1/predict/digits", pixelsJson("-5"))));
		// uploads
		rows.add(new Row("a toxicity CSV with an ASCII header and a Latin-1 body", 400,
				() -> upload("api/v1/datasets", "toxicity", "comments.csv", latin1Csv())));
		// dataset uploads: their zip is read without a model (a batch would first be a
		// 503
		// no-model on a platform that has not trained yet)
		rows.add(new Row("a dataset upload that is not a zip", 0, () -> upload("api/v1/datasets", "digits",
				"images.zip", "not a zip at all".getBytes(StandardCharsets.US_ASCII))));
		rows.add(new Row("a dataset zip whose entry claims 2 GB", 0,
				() -> upload("api/v1/datasets", "digits", "images.zip", lyingZip())));
		return rows;
	}

	private HttpResponse<String> anonymous(String method, String path, byte[] body, boolean chunked) {
		HttpRequest.BodyPublisher publisher = chunked
				? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
				: HttpRequest.BodyPublishers.ofByteArray(body);
		return send(HttpRequest.newBuilder(URI.create(this.url + path))
			.header("Content-Type", "application/json")
			.method(method, publisher));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			// nginx may answer 413 and close before the whole body is sent: that is a
			// refusal too
			throw new RefusedEarly(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> upload(String path, String task, String filename, byte[] content) {
		String boundary = "hostile" + UUID.randomUUID().toString().replace("-", "");
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		try {
			body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"task\"\r\n\r\n" + task + "\r\n")
				.getBytes(StandardCharsets.UTF_8));
			body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
					+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			body.write(content);
			body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return send(this.user.request(path)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	private static byte[] sized(String head, int filler, String tail) {
		byte[] bytes = new byte[head.length() + filler + tail.length()];
		System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, head.length());
		java.util.Arrays.fill(bytes, head.length(), head.length() + filler, (byte) 'a');
		System.arraycopy(tail.getBytes(StandardCharsets.US_ASCII), 0, bytes, head.length() + filler, tail.length());
		return bytes;
	}

	private static byte[] pixels(int count) {
		StringBuilder json = new StringBuilder(count * 2 + 16).append("{\"pixels\":[");
		for (int i = 0; i < count; i++) {
			json.append(i == 0 ? "0" : ",0");
		}
		return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
	}

	private static String pixelsJson(String poison) {
		StringBuilder json = new StringBuilder("{\"pixels\":[").append(poison);
		for (int i = 1; i < 784; i++) {
			json.append(",0");
		}
		return json.append("]}").toString();
	}

	private static byte[] latin1Csv() {
		StringBuilder csv = new StringBuilder(
				"id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n");
		for (int i = 0; i < 40; i++) {
			csv.append(i).append(",\"caf\u00e9 na\u00efve r\u00e9sum\u00e9 ").append(i).append("\",0,0,0,0,0,0\n");
		}
		return csv.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	/** A zip whose one entry's header claims far more than it holds. */
	private static byte[] lyingZip() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			ZipEntry entry = new ZipEntry("7/a.png");
			zip.putNextEntry(entry);
			zip.write(new byte[] { (byte) 0x89, 'P', 'N', 'G' });
			zip.closeEntry();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		byte[] zip = bytes.toByteArray();
		// the central directory's uncompressed size of the entry: 0x7fffffff
		for (int i = zip.length - 22; i >= 0; i--) {
			if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
				zip[i + 24] = (byte) 0xff;
				zip[i + 25] = (byte) 0xff;
				zip[i + 26] = (byte) 0xff;
				zip[i + 27] = (byte) 0x7f;
				break;
			}
		}
		return zip;
	}

	private static String unique() {
		return "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
	}

	/**
	 * nginx refused the body before it was all sent (a 413 the client could not read).
	 */
	static final class RefusedEarly extends RuntimeException {

		RefusedEarly(IOException cause) {
			super(cause);
		}

	}

}
