package io.deepdock.core.datasets;

import java.io.IOException;
import java.util.function.Consumer;

import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a built-in dataset: reads and validates its source, writes each split to media
 * in the compact {@link ImageSet} form, and registers a new version of the dataset. Files
 * are written before the row, so a row never points at a file that is not there.
 */
@Component
public class DatasetImporter {

	private final SourcesProperties sources;

	private final MediaStorage media;

	private final DatasetRepository datasets;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	DatasetImporter(SourcesProperties sources, MediaStorage media, DatasetRepository datasets,
			TransactionTemplate transactions, JsonMapper json) {
		this.sources = sources;
		this.media = media;
		this.datasets = datasets;
		this.transactions = transactions;
		this.json = json;
	}

	/**
	 * Imports {@code dataset}.
	 * @param progress told what is happening, step by step
	 * @throws DatasetSourceException if the source is missing (the message says how to
	 * get it)
	 * @throws DatasetFormatException if the source is corrupt or has the wrong counts
	 */
	public Dataset importBuiltin(BuiltinDataset dataset, Long ownerId, Consumer<String> progress) throws IOException {
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
		return this.transactions.execute((status) -> {
			int version = this.datasets.maxVersion(dataset.id()) + 1;
			Dataset row = new Dataset(dataset.id(), dataset.task(), DatasetOrigin.BUILTIN, ownerId, version,
					splits.description(), splits.train().classes(), classCounts);
			row.addFile(new DatasetFile("test", test.path(), test.size(), test.sha256(), splits.test().count()));
			row.addFile(new DatasetFile("train", train.path(), train.size(), train.sha256(), splits.train().count()));
			return this.datasets.save(row);
		});
	}

}
