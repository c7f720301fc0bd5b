package io.deepdock.core.datasets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A set of examples for one task, stored as one file per split in media storage.
 * <p>
 * A dataset is <em>trusted</em> when it is built in (the platform's own sources) or an
 * admin marked it so. Only trusted data trains what everyone is served without an admin's
 * promotion, and only trusted data judges champion against challenger; an upload starts
 * untrusted, so no user can choose what everyone gets.
 */
@Entity
@Table(name = "dataset")
public class Dataset {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false)
	private String task;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private DatasetOrigin origin;

	@Column(name = "owner_id")
	private Long ownerId;

	@Column(nullable = false)
	private int version;

	@Column(nullable = false)
	private String split;

	@Column(nullable = false)
	private int classes;

	@Column(name = "class_counts", nullable = false, columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String classCounts;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt = Instant.now();

	@Column(nullable = false)
	private boolean trusted;

	@Column(name = "trusted_by")
	private Long trustedBy;

	@Column(name = "trusted_at")
	private Instant trustedAt;

	@OneToMany(cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
	@JoinColumn(name = "dataset_id", nullable = false)
	@OrderBy("split")
	private List<DatasetFile> files = new ArrayList<>();

	protected Dataset() {
	}

	public Dataset(String name, String task, DatasetOrigin origin, Long ownerId, int version, String split, int classes,
			String classCountsJson) {
		this.name = name;
		this.task = task;
		this.origin = origin;
		this.ownerId = ownerId;
		this.version = version;
		this.split = split;
		this.classes = classes;
		this.classCounts = classCountsJson;
		// the platform's own sources, not anyone's upload
		this.trusted = origin == DatasetOrigin.BUILTIN;
	}

	public void addFile(DatasetFile file) {
		this.files.add(file);
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public String getTask() {
		return this.task;
	}

	public DatasetOrigin getOrigin() {
		return this.origin;
	}

	public Long getOwnerId() {
		return this.ownerId;
	}

	public int getVersion() {
		return this.version;
	}

	public String getSplit() {
		return this.split;
	}

	public int getClasses() {
		return this.classes;
	}

	public String getClassCounts() {
		return this.classCounts;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public List<DatasetFile> getFiles() {
		return this.files;
	}

	/** Built in, or marked trusted by an admin. */
	public boolean isTrusted() {
		return this.trusted;
	}

	/**
	 * The admin who marked it trusted (null for a built-in dataset, or one the operator
	 * imported at the console with {@code ./deepdock train --csv}).
	 */
	public Long getTrustedBy() {
		return this.trustedBy;
	}

	public Instant getTrustedAt() {
		return this.trustedAt;
	}

	/**
	 * An admin (or the operator, {@code adminId} null) vouches for this dataset; marking
	 * it again changes nothing.
	 */
	public void markTrusted(Long adminId) {
		if (!this.trusted) {
			this.trusted = true;
			this.trustedBy = adminId;
			// PostgreSQL keeps microseconds: the answer shows what a later read will
			this.trustedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
		}
	}

	/**
	 * An admin withdraws the trust they gave.
	 * @throws IllegalStateException for a built-in dataset: it is always trusted
	 */
	public void markUntrusted() {
		if (this.origin == DatasetOrigin.BUILTIN) {
			throw new IllegalStateException("Dataset " + this.id + " (" + this.name
					+ ") is built in: it comes from the platform's own sources and is always trusted.");
		}
		this.trusted = false;
		this.trustedBy = null;
		this.trustedAt = null;
	}

	public DatasetFile file(String split) {
		return this.files.stream().filter((f) -> f.getSplit().equals(split)).findFirst().orElse(null);
	}

}
