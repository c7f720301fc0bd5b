package io.deepdock.webapp.assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The URLs the pages link their static files by: {@code /assets/<path>?v=<content hash>}.
 * The assets nginx role serves them with a one-year immutable cache; the hash makes a
 * changed file a new URL, so a browser never keeps an old script after an upgrade. In
 * templates: {@code th:src="${assets.url('js/predict.js')}"}.
 */
@Component("assetUrls")
public class AssetUrls {

	private final Map<String, String> urls = new ConcurrentHashMap<>();

	/**
	 * The versioned URL of {@code path} under {@code static/}; fails for a missing file.
	 */
	public String url(String path) {
		return this.urls.computeIfAbsent(path, (key) -> "/assets/" + key + "?v=" + hash(resource(key)));
	}

	Resource resource(String path) {
		return new ClassPathResource("static/" + path);
	}

	static String hash(Resource resource) {
		try (InputStream in = resource.getInputStream()) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[8192];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No static file " + resource.getDescription(), ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
