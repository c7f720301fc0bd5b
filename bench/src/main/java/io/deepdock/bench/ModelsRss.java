package io.deepdock.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;

import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.ArtifactMetadata;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.inference.Classification;
import io.deepdock.core.ml.inference.Predictor;
import io.deepdock.core.ml.networks.Architecture;
import io.deepdock.core.ml.networks.Networks;
import io.deepdock.core.ml.serving.BatchingEngine;
import io.deepdock.core.ml.serving.EngineSettings;
import io.deepdock.core.ml.training.Trainer;
import io.deepdock.core.ml.training.TrainingParameters;

/**
 * The memory of a serving JVM with the three task models loaded as a web replica loads
 * them: artifact bytes read and verified by {@link ModelArtifacts#read}, one
 * {@link BatchingEngine} per task, warmed by {@code swap}, then some predictions. Started
 * by the parent with the web replica's JVM flags. An artifact not given with
 * {@code --digits/--fashion/--toxicity PATH} is generated untrained with the production
 * shape ({@code standard}; {@code bow} with the vocabulary's maximum of 20,000 terms):
 * memory does not depend on the weights' values.
 */
final class ModelsRss {

	private ModelsRss() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> given = new TreeMap<>();
		int vocabulary = 20_000;
		int predictions = 6_000;
		for (int i = 0; i < args.length; i += 2) {
			if (args[i].equals("--vocabulary")) {
				vocabulary = Integer.parseInt(args[i + 1]);
			}
			else if (args[i].equals("--predictions")) {
				predictions = Integer.parseInt(args[i + 1]);
			}
			else {
				given.put(args[i].replaceFirst("^--", ""), args[i + 1]);
			}
		}
		run(given, vocabulary, predictions, new Results(System.out));
		System.exit(0);
	}

	static Results run(Map<String, String> given, int vocabularySize, int predictions, Results results)
			throws Exception {
		results.put("rss_start_mb", Results.procStatusMb("VmRSS"));
		List<BatchingEngine> engines = new ArrayList<>();
		List<String> sources = new ArrayList<>();
		for (Task task : Task.values()) {
			byte[] bytes;
			if (given.containsKey(task.id())) {
				bytes = Files.readAllBytes(Path.of(given.get(task.id())));
				sources.add(task.id() + "=" + given.get(task.id()));
			}
			else {
				bytes = generated(task, vocabularySize);
				sources.add(task.id() + "=generated");
			}
			String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
			Predictor predictor = new Predictor(ModelArtifacts.read(new ByteArrayInputStream(bytes), sha, task));
			BatchingEngine engine = new BatchingEngine(task.id(), EngineSettings.DEFAULTS);
			engine.swap(predictor);
			engines.add(engine);
		}
		System.gc();
		results.put("models", String.join(",", sources));
		results.put("rss_loaded_mb", Results.procStatusMb("VmRSS"));
		Random random = new Random(3);
		// requests in groups of 8 at once, round robin over the tasks, as a replica under
		// load
		for (int i = 0; i < predictions; i += 8) {
			BatchingEngine engine = engines.get((i / 8) % engines.size());
			List<CompletableFuture<Classification>> answers = new ArrayList<>();
			for (int k = 0; k < 8; k++) {
				float[] row = new float[engine.predictor().featureSize()];
				for (int j = 0; j < row.length; j += (row.length > 1000 ? 97 : 1)) {
					row[j] = random.nextInt(256);
				}
				answers.add(engine.submit(row));
			}
			answers.forEach(CompletableFuture::join);
			if (i + 8 == 600) {
				results.put("rss_served_mb", Results.procStatusMb("VmRSS"));
			}
		}
		results.put("rss_served_long_mb", Results.procStatusMb("VmRSS"));
		results.put("predictions", String.valueOf(predictions));
		results.put("peak_rss_mb", Results.procStatusMb("VmHWM"));
		engines.forEach(BatchingEngine::close);
		return results;
	}

	/** An untrained artifact of the production network's shape. */
	static byte[] generated(Task task, int vocabularySize) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (task.kind() == Task.Kind.IMAGE) {
			MultiLayerNetwork network = Networks.build(task, Architecture.STANDARD, 784, 1e-3, 10, 42);
			ModelArtifacts.write(network, new ImagePreProcessingScaler(0, 1),
					new ArtifactMetadata(ModelArtifacts.FORMAT, task.id(), task.labels(), List.of(1, 28, 28),
							ModelArtifacts.IMAGE_PREPROCESSING, null, null, null, null, null,
							Trainer.averagesMirror(task, TrainingParameters.defaults(task))),
					out);
			network.close();
		}
		else {
			List<String> terms = new ArrayList<>(vocabularySize);
			for (int i = 0; i < vocabularySize; i++) {
				// half words, half word pairs, as a real vocabulary of uni- and bigrams
				terms.add(i % 2 == 0 ? "word" + i : "word" + i + " word" + (i + 1));
			}
			MultiLayerNetwork network = Networks.build(task, Architecture.BOW, vocabularySize, 1e-3, 10, 42);
			ModelArtifacts.write(network, null,
					new ArtifactMetadata(ModelArtifacts.FORMAT, task.id(), task.labels(), List.of(vocabularySize),
							ModelArtifacts.TEXT_PREPROCESSING, new ArtifactMetadata.TextFeatures(2, terms), null, null,
							null, null, false),
					out);
			network.close();
		}
		return out.toByteArray();
	}

}
