package io.deepdock.core.media;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where media (uploads, dataset files, model artifacts, batch results) lives. One
 * directory tree, shared by webapp, worker and the media nginx server. Set with
 * {@code DEEPDOCK_MEDIA_DIR}.
 */
@ConfigurationProperties("deepdock.media")
@Validated
public record MediaProperties(@NotNull @DefaultValue(".deepdock/media") Path dir) {

}
