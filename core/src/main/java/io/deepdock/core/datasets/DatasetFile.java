package io.deepdock.core.datasets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One split of a dataset: the media path, size and SHA-256 its bytes must have, and how
 * many examples.
 */
@Entity
@Table(name = "dataset_file")
public class DatasetFile {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private String split;

	@Column(nullable = false)
	private String path;

	@Column(name = "size_bytes", nullable = false)
	private long sizeBytes;

	@Column(nullable = false)
	private String sha256;

	@Column(nullable = false)
	private int examples;

	protected DatasetFile() {
	}

	public DatasetFile(String split, String path, long sizeBytes, String sha256, int examples) {
		this.split = split;
		this.path = path;
		this.sizeBytes = sizeBytes;
		this.sha256 = sha256;
		this.examples = examples;
	}

	public Long getId() {
		return this.id;
	}

	public String getSplit() {
		return this.split;
	}

	public String getPath() {
		return this.path;
	}

	public long getSizeBytes() {
		return this.sizeBytes;
	}

	public String getSha256() {
		return this.sha256;
	}

	public int getExamples() {
		return this.examples;
	}

}
