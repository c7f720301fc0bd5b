package io.deepdock.webapp.predictions;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.inference.Classification;
import io.deepdock.core.ml.inference.Predictor;
import io.deepdock.core.ml.text.ToxicityCsv;
import io.deepdock.core.predictions.PredictionRows;
import io.deepdock.webapp.problems.ProblemException;
import io.deepdock.webapp.problems.Echo;
import io.deepdock.webapp.security.DeepdockUser;
import io.deepdock.webapp.serving.ModelServing;
import io.deepdock.webapp.serving.ServingProperties;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Online prediction: an uploaded image (multipart {@code image}), a drawn 28x28 canvas
 * (JSON {@code pixels}) or a text (JSON {@code text}). The input is checked and turned
 * into features here; the forward pass happens in the task's micro-batching engine
 * together with concurrent requests.
 */
@RestController
@RequestMapping("/api/v1/predict")
class PredictController {

	/**
	 * JSON body: {@code text} for toxicity, or {@code pixels} (784 values, 0 =
	 * background, 255 = ink).
	 */
	record PredictJson(String text, float[] pixels) {
	}

	/** The answer. */
	record PredictionView(long predictionId, String task, String label, Map<String, Double> probabilities,
			ModelRef modelVersion, double latencyMs) {
	}

	record ModelRef(long id, int version) {
	}

	private final ModelServing serving;

	private final PredictionRecorder recorder;

	private final ServingProperties properties;

	PredictController(ModelServing serving, PredictionRecorder recorder, ServingProperties properties) {
		this.serving = serving;
		this.recorder = recorder;
		this.properties = properties;
	}

	@PostMapping(path = "/{task}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	PredictionView image(@PathVariable String task, @RequestParam("image") MultipartFile image,
			@AuthenticationPrincipal DeepdockUser caller) throws IOException {
		long started = System.nanoTime();
		Task resolved = task(task);
		if (resolved.kind() != Task.Kind.IMAGE) {
			throw ProblemException.badRequest("wrong-input", "Wrong kind of input",
					"The " + resolved.id() + " task takes text: POST JSON {\"text\": \"...\"}.");
		}
		if (image.getSize() > this.properties.maxImageBytes().toBytes()) {
			throw ProblemException.tooLarge("The image is " + image.getSize() + " bytes; online prediction takes up to "
					+ this.properties.maxImageBytes().toBytes() + " bytes.");
		}
		byte[] bytes = image.getBytes();
		float[] features = this.serving.predictor(resolved).features(bytes);
		return answer(resolved, features, started, bytes, image.getOriginalFilename(), null, caller);
	}

	@PostMapping(path = "/{task}", consumes = MediaType.APPLICATION_JSON_VALUE)
	PredictionView json(@PathVariable String task, @RequestBody PredictJson body,
			@AuthenticationPrincipal DeepdockUser caller) {
		long started = System.nanoTime();
		Task resolved = task(task);
		// refused before anything else, with or without a model
		if (resolved.kind() == Task.Kind.TEXT) {
			checkText(body.text());
		}
		else if (body.pixels() == null) {
			throw ProblemException.badRequest("wrong-input", "Wrong kind of input", "The " + resolved.id()
					+ " task takes an image: upload it as multipart field 'image', or send JSON {\"pixels\": [784 values]}.");
		}
		else {
			// 784 finite values from 0 to 255, the first bad one named by its index
			Predictor.checkCanvas(resolved, body.pixels());
		}
		Predictor predictor = this.serving.predictor(resolved);
		if (resolved.kind() == Task.Kind.TEXT) {
			return answer(resolved, predictor.features(body.text()), started, null, null, body.text(), caller);
		}
		return answer(resolved, predictor.features(body.pixels()), started, null, "canvas", null, caller);
	}

	private PredictionView answer(Task task, float[] features, long started, byte[] image, String name, String text,
			DeepdockUser caller) {
		CompletableFuture<ModelServing.Served> future = this.serving.predict(task, features);
		ModelServing.Served served;
		try {
			served = future.get(this.properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while predicting", ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new io.deepdock.core.ml.serving.EngineOverloadedException(task.id(), this.properties.queueCapacity(),
					java.time.Duration.ofSeconds(1));
		}
		Classification prediction = served.prediction();
		long micros = (System.nanoTime() - started) / 1000;
		long id = this.recorder.nextId();
		// queued before the answer goes out: a full queue is a 503, never an answer whose
		// row is lost
		this.recorder.record(new PredictionRecorder.Record(id, task.id(), caller.id(), served.version().getId(),
				prediction.label(), prediction.probabilities(), micros, image,
				(image != null) ? extension(image) : null, text, displayName(name),
				(task.kind() == Task.Kind.IMAGE) ? PredictionRows.pixelBytes(features) : null,
				java.time.Instant.now()));
		return new PredictionView(id, task.id(), prediction.label(), prediction.probabilities(),
				new ModelRef(served.version().getId(), served.version().getVersion()), micros / 1000.0);
	}

	private static void checkText(String text) {
		if (text == null || text.isBlank()) {
			throw ProblemException.badRequest("invalid-input", "Invalid input", "The text is empty.");
		}
		if (text.length() > ToxicityCsv.MAX_TEXT_LENGTH) {
			throw ProblemException.badRequest("invalid-input", "Invalid input",
					"The text has " + text.length() + " characters; the limit is " + ToxicityCsv.MAX_TEXT_LENGTH + ".");
		}
	}

	private static Task task(String id) {
		try {
			return Task.fromId(id.toLowerCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ProblemException
				.notFound("There is no task '" + Echo.of(id) + "'. Known: digits, fashion, toxicity.");
		}
	}

	/** The upload's format from its first bytes (it decoded, so it is one of these). */
	private static String extension(byte[] image) {
		if (image.length > 3 && (image[0] & 0xff) == 0x89 && image[1] == 'P' && image[2] == 'N') {
			return "png";
		}
		if (image.length > 2 && (image[0] & 0xff) == 0xff && (image[1] & 0xff) == 0xd8) {
			return "jpg";
		}
		return "img";
	}

	/** The user's file name, kept only as display text. */
	private static String displayName(String name) {
		if (name == null) {
			return null;
		}
		String clean = name.replaceAll("[\\p{Cntrl}]", "").strip();
		return (clean.length() > 200) ? clean.substring(0, 200) : clean;
	}

}
