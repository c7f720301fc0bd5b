package io.deepdock.launcher.nginx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much a request may send, per route, for a local run: rendered into lb's
 * {@code client_max_body_size} lines and handed to every web replica as
 * {@code DEEPDOCK_LIMITS_*}, so that nginx and the web app refuse at the same size (the
 * web app's own {@code RequestLimits}, {@code deepdock.limits} in its
 * {@code application.yml}; {@code stack.yml} sets the same on lb and webapp;
 * {@code BodyLimitsTests} keeps all four equal).
 *
 * @param maxBodyBytes every request that is not an upload: JSON bodies, forms
 * @param maxUploadBytes dataset and batch uploads
 * @param maxImageUploadBytes an image to predict, as multipart
 */
public record BodyLimits(long maxBodyBytes, long maxUploadBytes, long maxImageUploadBytes) {

	public static final BodyLimits DEFAULTS = new BodyLimits(128L << 10, 200L << 20, 11L << 20);

	/** The lb template's placeholders. */
	public Map<String, String> nginxValues() {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("LB_MAX_BODY_SIZE", nginx(this.maxBodyBytes));
		values.put("LB_MAX_UPLOAD_SIZE", nginx(this.maxUploadBytes));
		values.put("LB_MAX_IMAGE_UPLOAD_SIZE", nginx(this.maxImageUploadBytes));
		return values;
	}

	/**
	 * A web replica's environment: Spring's relaxed names for {@code deepdock.limits}.
	 */
	public Map<String, String> webappEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("DEEPDOCK_LIMITS_MAXBODYSIZE", spring(this.maxBodyBytes));
		environment.put("DEEPDOCK_LIMITS_MAXUPLOADSIZE", spring(this.maxUploadBytes));
		environment.put("DEEPDOCK_LIMITS_MAXIMAGEUPLOADSIZE", spring(this.maxImageUploadBytes));
		return environment;
	}

	/** nginx's size syntax: {@code 128k}, {@code 200m}, else bytes. */
	static String nginx(long bytes) {
		if (bytes % (1L << 20) == 0) {
			return (bytes >> 20) + "m";
		}
		return (bytes % (1L << 10) == 0) ? (bytes >> 10) + "k" : Long.toString(bytes);
	}

	/** Spring's {@code DataSize} syntax: {@code 128KB}, {@code 200MB}, else bytes. */
	static String spring(long bytes) {
		if (bytes % (1L << 20) == 0) {
			return (bytes >> 20) + "MB";
		}
		return (bytes % (1L << 10) == 0) ? (bytes >> 10) + "KB" : bytes + "B";
	}

}
