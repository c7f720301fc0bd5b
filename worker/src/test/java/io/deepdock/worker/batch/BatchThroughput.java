package io.deepdock.worker.batch;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import io.deepdock.core.batch.BatchFormat;
import io.deepdock.core.contracts.BatchRequest;
import io.deepdock.core.datasets.FashionIdxSource;
import io.deepdock.core.ml.data.ImageSet;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobRepository;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.ArtifactMetadata;
import io.deepdock.core.ml.artifacts.ModelArtifacts;
import io.deepdock.core.ml.inference.ImagePreprocessor;
import io.deepdock.core.ml.inference.Predictor;
import io.deepdock.core.ml.networks.Architecture;
import io.deepdock.core.ml.networks.Networks;
import io.deepdock.core.ml.training.Trainer;
import io.deepdock.core.ml.training.TrainingParameters;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.models.ModelVersion;
import io.deepdock.embedded.test.InfrastructureInitializer;
import io.deepdock.worker.WorkerApplication;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures batch-prediction throughput end to end on a worker: a zip of Fashion-MNIST
 * test images as PNG files (Debian's {@code dataset-fashion-mnist}) goes through a real
 * BATCH_PREDICT job (embedded PostgreSQL and broker, media in a temporary folder) with a
 * {@code standard} network of the production shape; then, for the breakdown, the same
 * inputs are preprocessed and predicted in process without the job around them. A
 * measurement, not a test: {@code BatchThroughput [images] [batch-size]} (10,000 and 64
 * by default). See the README's jobs section for the command.
 */
public final class BatchThroughput {

	private BatchThroughput() {
	}

	public static void main(String[] args) throws Exception {
		int images = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		int batchSize = (args.length > 1) ? Integer.parseInt(args[1]) : 64;
		Path media = Files.createTempDirectory("deepdock-batch-throughput");
		System.out.printf("load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WorkerApplication.class,
				JobSubmission.class)
			.initializers(new InfrastructureInitializer())
			.properties("deepdock.media.dir=" + media, "deepdock.batch.batch-size=" + batchSize,
					"deepdock.replica=throughput", "server.port=0", "spring.main.banner-mode=off",
					"logging.level.root=warn", "logging.level.io.deepdock.worker.batch=info")
			.run();
		try {
			run(context, images, batchSize);
		}
		finally {
			context.close();
		}
		System.exit(0);
	}

	private static void run(ConfigurableApplicationContext context, int images, int batchSize) throws Exception {
		MediaStorage storage = context.getBean(MediaStorage.class);
		ModelRegistry registry = context.getBean(ModelRegistry.class);
		JsonMapper json = context.getBean(JsonMapper.class);
		// untrained weights of the production shape: the speed does not depend on their
		// values
		MultiLayerNetwork network = Networks.build(Task.FASHION, Architecture.STANDARD, 784, 1e-3, 10, 42);
		StoredFile artifact = storage.write("models/fashion", "zip",
				(out) -> ModelArtifacts.write(network, new ImagePreProcessingScaler(0, 1),
						new ArtifactMetadata(ModelArtifacts.FORMAT, "fashion", Task.FASHION.labels(),
								List.of(1, 28, 28), ModelArtifacts.IMAGE_PREPROCESSING, null, null, null, null, null,
								Trainer.averagesMirror(Task.FASHION, TrainingParameters.defaults(Task.FASHION))),
						out));
		ModelVersion version = registry.register("fashion", null, null, "{}");
		registry.markReady(version.getId(), "{}", artifact.path(), artifact.size(), artifact.sha256());
		registry.promote(version.getId());

		ImageSet test = new FashionIdxSource().read(Path.of("/usr/share/datasets/fashion-mnist"), 60_000, 10_000)
			.test();
		List<byte[]> pngs = new ArrayList<>(images);
		for (int i = 0; i < images; i++) {
			pngs.add(png(test, i % test.count()));
		}
		StoredFile zip = storage.write("batches/fashion", "zip", (out) -> {
			ZipOutputStream entries = new ZipOutputStream(out);
			for (int i = 0; i < images; i++) {
				entries.putNextEntry(new ZipEntry("fashion/" + i + ".png"));
				entries.write(pngs.get(i));
			}
			entries.finish();
		});
		System.out.printf("zip: %,d PNG images, %,d bytes; batch size %d; OMP_NUM_THREADS=%s%n", images, zip.size(),
				batchSize, System.getenv("OMP_NUM_THREADS"));

		Job job = context.getBean(JobSubmission.class)
			.submit(JobType.BATCH_PREDICT, JobTrigger.USER, null, json.writeValueAsString(new BatchRequest("fashion",
					BatchFormat.ZIP, zip.path(), "fashion.zip", zip.size(), zip.sha256(), images)));
		JobRepository jobs = context.getBean(JobRepository.class);
		Job done;
		do {
			Thread.sleep(200);
			done = jobs.findById(job.getId()).orElseThrow();
		}
		while (!done.getState().isTerminal());
		Duration run = Duration.between(done.getStartedAt(), done.getFinishedAt());
		Duration total = Duration.between(done.getCreatedAt(), done.getFinishedAt());
		System.out.printf("job %d %s: %s%n", done.getId(), done.getState(),
				(done.getResult() != null) ? done.getResult() : done.getError());
		System.out.printf(
				"job RUNNING to SUCCEEDED: %.2f s = %.0f images/s; submit to SUCCEEDED: %.2f s = %.0f images/s%n",
				run.toMillis() / 1000.0, images * 1000.0 / run.toMillis(), total.toMillis() / 1000.0,
				images * 1000.0 / total.toMillis());

		// breakdown, in this process: preprocessing alone, then forward passes alone
		Instant start = Instant.now();
		List<float[]> features = new ArrayList<>(images);
		for (byte[] png : pngs) {
			features.add(ImagePreprocessor.preprocess(png, Task.FASHION, 4_000_000));
		}
		double preprocess = Duration.between(start, Instant.now()).toMillis() / 1000.0;
		try (Predictor predictor = new Predictor(
				ModelArtifacts.read(storage.open(artifact.path()), artifact.sha256(), Task.FASHION))) {
			start = Instant.now();
			for (int i = 0; i < images; i += batchSize) {
				predictor.predictRows(features.subList(i, Math.min(images, i + batchSize)));
			}
		}
		double forward = Duration.between(start, Instant.now()).toMillis() / 1000.0;
		System.out.printf("breakdown: PNG decode + preprocessing %.2f s (%.0f images/s), forward passes of %d %.2f s "
				+ "(%.0f images/s)%n", preprocess, images / preprocess, batchSize, forward, images / forward);
		System.out.printf("load average at end: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
	}

	/** A test image as the PNG a user would zip: grey, light clothes on black. */
	private static byte[] png(ImageSet set, int index) throws java.io.IOException {
		BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
		int[] pixels = new int[784];
		for (int p = 0; p < 784; p++) {
			pixels[p] = set.pixel(index, p);
		}
		image.getRaster().setPixels(0, 0, 28, 28, pixels);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

}
