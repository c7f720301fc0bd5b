package io.deepdock.core.media;

/**
 * A file in media storage: its path relative to the media root (generated, never taken
 * from a user), its size and the SHA-256 of its bytes as written.
 */
public record StoredFile(String path, long size, String sha256) {

}
