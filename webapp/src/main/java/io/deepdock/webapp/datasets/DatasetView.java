package io.deepdock.webapp.datasets;

import java.time.Instant;
import java.util.List;

import io.deepdock.core.datasets.Dataset;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A dataset as the API shows it (without media paths: files are reached through
 * authorised URLs only). {@code trusted}: built in, or marked trusted by an admin (then
 * {@code trustedAt} says when).
 */
record DatasetView(long id, String name, String task, String origin, int version, String split, int classes,
		JsonNode classCounts, List<FileView> files, Instant createdAt, boolean trusted, Instant trustedAt) {

	record FileView(String split, int examples, long sizeBytes, String sha256) {
	}

	static DatasetView of(Dataset dataset, JsonMapper json) {
		return new DatasetView(dataset.getId(), dataset.getName(), dataset.getTask(), dataset.getOrigin().name(),
				dataset.getVersion(), dataset.getSplit(), dataset.getClasses(), json.readTree(dataset.getClassCounts()),
				dataset.getFiles()
					.stream()
					.map((f) -> new FileView(f.getSplit(), f.getExamples(), f.getSizeBytes(), f.getSha256()))
					.toList(),
				dataset.getCreatedAt(), dataset.isTrusted(), dataset.getTrustedAt());
	}

}
