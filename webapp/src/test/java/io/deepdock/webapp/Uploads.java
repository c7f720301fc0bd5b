package io.deepdock.webapp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.deepdock.embedded.test.ApiClient;

/**
 * What the upload integration tests ({@code DatasetUploadIT}, {@code QuotaIT}) share: a
 * multipart upload as a browser sends it, and toxicity CSVs of a chosen size.
 */
public final class Uploads {

	/** The Jigsaw header a toxicity CSV must start with. */
	public static final String TOXICITY_HEADER = "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n";

	private static final String BOUNDARY = "deepdock-upload-boundary";

	private Uploads() {
	}

	/** A toxicity CSV of about {@code bytes} bytes (at least its header). */
	public static byte[] toxicityCsv(int bytes) {
		StringBuilder csv = new StringBuilder(TOXICITY_HEADER);
		for (int i = 1; csv.length() < bytes; i++) {
			csv.append(i).append(",\"a comment long enough to fill the file ").append(i).append("\",0,0,0,0,0,0\n");
		}
		return csv.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * POSTs {@code fields} and, unless {@code file} is null, {@code file} as the part
	 * {@code file} named {@code filename} (a CSV), as {@code multipart/form-data}.
	 */
	public static HttpResponse<String> post(ApiClient client, String path, Map<String, String> fields, String filename,
			byte[] file) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Map.Entry<String, String> field : fields.entrySet()) {
			body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
					+ field.getValue() + "\r\n")
				.getBytes(StandardCharsets.UTF_8));
		}
		if (file != null) {
			body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
					+ "\"\r\nContent-Type: text/csv\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			body.write(file);
			body.write("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		body.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return client.send(client.request(path)
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

}
