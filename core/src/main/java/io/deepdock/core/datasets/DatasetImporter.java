package io.deepdock.core.datasets;

import io.deepdock.core.ml.data.DatasetFormatException;

import java.io.IOException;
import java.util.function.Consumer;

import io.deepdock.core.batch.BatchLimits;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Imports a built-in dataset: reads and validates its source, writes each split to media
 * in the compact {@link ImageSet} form, and registers a new version of the dataset. Files
 * are written before the row, so a row never points at a file that is not there.
 */
@Component
@EnableConfigurationProperties({ SourcesProperties.class, BatchLimits.class })
public class DatasetImporter {

	private final SourcesProperties sources;

	private final MediaStorage media;

	private final DatasetRepository datasets;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final BatchLimits limits;

	DatasetImporter(SourcesProperties sources, MediaStorage media, DatasetRepository datasets,
			TransactionTemplate transactions, JsonMapper json, BatchLimits limits) {
		this.limits = limits;
		this.sources = sources;
		this.media = media;
		this.datasets = datasets;
		this.transactions = transactions;
		this.json = json;
	}

	/**
	 * Imports {@code dataset}.
	 * @param progress told what is happening, step by step
	 * @param registered told of the new dataset inside the transaction that registers it
	 * ({@link #register})
	 * @throws DatasetSourceException if the source is missing (the message says how to
	 * get it)
	 * @throws DatasetFormatException if the source is corrupt or has the wrong counts
	 */
	public Dataset importBuiltin(BuiltinDataset dataset, Long ownerId, Consumer<String> progress,
			Consumer<Dataset> registered) throws IOException {
		progress.accept("reading the " + dataset.id() + " source");
		Splits splits = switch (dataset) {
			case DIGITS ->
				new MnistJsonSource(this.json).read(this.sources.mnist().dir(), this.sources.mnist().expectedCount());
			case FASHION -> new FashionIdxSource().read(this.sources.fashion().dir(),
					this.sources.fashion().expectedTrain(), this.sources.fashion().expectedTest());
		};
		progress.accept("validated " + splits.train().count() + " train and " + splits.test().count() + " test images");
		StoredFile train = this.media.write("datasets/" + dataset.id(), "ddi", splits.train()::write);
		StoredFile test = this.media.write("datasets/" + dataset.id(), "ddi", splits.test()::write);
		progress.accept("wrote " + (train.size() + test.size()) + " bytes to media");
		String classCounts = this.json.writeValueAsString(
				java.util.Map.of("train", splits.train().classCounts(), "test", splits.test().classCounts()));
		return register(dataset.id(), (version) -> {
			Dataset row = new Dataset(dataset.id(), dataset.task(), DatasetOrigin.BUILTIN, ownerId, version,
					splits.description(), splits.train().classes(), classCounts);
			row.addFile(new DatasetFile("test", test.path(), test.size(), test.sha256(), splits.test().count()));
			row.addFile(new DatasetFile("train", train.path(), train.size(), train.sha256(), splits.train().count()));
			return row;
		}, registered);
	}

	/** Fewest scored rows an uploaded toxicity CSV must hold to be split and learnt. */
	public static final int MIN_TEXT_ROWS = 50;

	/**
	 * Imports a toxicity CSV that a user uploaded to media: reads it strictly (UTF-8, the
	 * Jigsaw header, 0/1 labels), splits it deterministically (every 5th labelled and
	 * every 5th clean text held out), writes both splits to media in the same format and
	 * registers a new version of the dataset {@code name}.
	 * @throws DatasetFormatException naming what is wrong with the file
	 */
	public Dataset importToxicityCsv(String uploadPath, String uploadSha256, String name, Long ownerId,
			Consumer<String> progress, Consumer<Dataset> registered) throws IOException {
		progress.accept("reading the uploaded CSV");
		io.deepdock.core.ml.text.TextSet all;
		java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
			.onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
		if (uploadSha256 != null && !uploadSha256.equals(this.media.sha256Of(uploadPath))) {
			throw new DatasetFormatException("the uploaded file changed in media storage (checksum); upload it again");
		}
		try (java.io.Reader reader = new java.io.BufferedReader(
				new java.io.InputStreamReader(this.media.open(uploadPath), utf8), 1 << 16)) {
			all = io.deepdock.core.ml.text.ToxicityCsv.read(reader, 0);
		}
		catch (java.nio.charset.CharacterCodingException ex) {
			throw new DatasetFormatException("the CSV is not valid UTF-8: save it as UTF-8 and upload it again");
		}
		if (all.size() < MIN_TEXT_ROWS) {
			throw new DatasetFormatException(
					"the CSV has " + all.size() + " scored rows; at least " + MIN_TEXT_ROWS + " are needed to learn");
		}
		io.deepdock.core.ml.text.TextSet[] splits = io.deepdock.core.ml.text.ToxicityCsv.split(all);
		progress.accept("validated " + splits[0].size() + " train and " + splits[1].size() + " test texts");
		StoredFile train = this.media.write("datasets/" + name, "csv", (out) -> io.deepdock.core.ml.text.ToxicityCsv
			.write(splits[0], new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8)));
		StoredFile test = this.media.write("datasets/" + name, "csv", (out) -> io.deepdock.core.ml.text.ToxicityCsv
			.write(splits[1], new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8)));
		progress.accept("wrote " + (train.size() + test.size()) + " bytes to media");
		String classCounts = this.json
			.writeValueAsString(java.util.Map.of("train", labelCounts(splits[0]), "test", labelCounts(splits[1])));
		return register(name, (version) -> {
			Dataset row = new Dataset(name, "toxicity", DatasetOrigin.UPLOAD, ownerId, version,
					"every 5th labelled and every 5th clean text held out", all.labelCount(), classCounts);
			row.addFile(new DatasetFile("test", test.path(), test.size(), test.sha256(), splits[1].size()));
			row.addFile(new DatasetFile("train", train.path(), train.size(), train.sha256(), splits[0].size()));
			return row;
		}, registered);
	}

	/**
	 * Imports a zip of images in class folders that a user uploaded to media
	 * ({@link ImageFolderZip}): every image decoded by the serving preprocessing into
	 * 28x28 grey, every 5th of each class held out, both splits written as
	 * {@link ImageSet} files like the built-in imports, and a new version of the dataset
	 * {@code name} registered with its counts per class.
	 * @throws DatasetFormatException naming the entry that is wrong (a corrupt image
	 * fails the import: nothing is skipped silently)
	 */
	public Dataset importImageZip(String uploadPath, String uploadSha256, io.deepdock.core.ml.Task task, String name,
			Long ownerId, Consumer<String> progress, Consumer<Dataset> registered) throws IOException {
		if (uploadSha256 != null && !uploadSha256.equals(this.media.sha256Of(uploadPath))) {
			throw new DatasetFormatException("the uploaded file changed in media storage (checksum); upload it again");
		}
		progress.accept("reading the uploaded zip");
		Splits splits;
		try {
			splits = ImageFolderZip.read(this.media.resolve(uploadPath), task, this.limits, progress);
		}
		catch (io.deepdock.core.batch.BatchInputException ex) {
			throw new DatasetFormatException(ex.getMessage());
		}
		progress.accept("validated " + splits.train().count() + " train and " + splits.test().count() + " test images");
		StoredFile train = this.media.write("datasets/" + name, "ddi", splits.train()::write);
		StoredFile test = this.media.write("datasets/" + name, "ddi", splits.test()::write);
		progress.accept("wrote " + (train.size() + test.size()) + " bytes to media");
		String classCounts = this.json.writeValueAsString(
				java.util.Map.of("train", splits.train().classCounts(), "test", splits.test().classCounts()));
		return register(name, (version) -> {
			Dataset row = new Dataset(name, task.id(), DatasetOrigin.UPLOAD, ownerId, version, splits.description(),
					splits.train().classes(), classCounts);
			row.addFile(new DatasetFile("test", test.path(), test.size(), test.sha256(), splits.test().count()));
			row.addFile(new DatasetFile("train", train.path(), train.size(), train.sha256(), splits.train().count()));
			return row;
		}, registered);
	}

	/**
	 * Saves the next version of dataset {@code name} and tells {@code registered} about
	 * it in the same transaction: a job attaches the dataset to itself there, so that a
	 * worker dying at any moment leaves the dataset registered and attached, or neither,
	 * and the job's redelivery never imports it a second time.
	 */
	private Dataset register(String name, java.util.function.IntFunction<Dataset> row, Consumer<Dataset> registered) {
		return this.transactions.execute((status) -> {
			Dataset saved = this.datasets.save(row.apply(this.datasets.maxVersion(name) + 1));
			registered.accept(saved);
			return saved;
		});
	}

	/** Texts per label, then the clean ones (no label at all). */
	private static int[] labelCounts(io.deepdock.core.ml.text.TextSet set) {
		int[] counts = new int[set.labelCount() + 1];
		for (int i = 0; i < set.size(); i++) {
			boolean any = false;
			for (int j = 0; j < set.labelCount(); j++) {
				if (set.label(i, j)) {
					counts[j]++;
					any = true;
				}
			}
			if (!any) {
				counts[set.labelCount()]++;
			}
		}
		return counts;
	}

}
