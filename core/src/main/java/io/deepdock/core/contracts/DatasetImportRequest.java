package io.deepdock.core.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an IMPORT_DATASET job asks for, as stored in the job's payload: either a built-in
 * dataset by name ({@link #ofBuiltin}), or an upload that the web app checked and stored
 * in media ({@link #ofUpload}): a toxicity CSV or a zip of images in class folders.
 * Written by the web app, read by the worker's import job; the JSON is the one the two
 * wrote and read by hand before (the same field names), so jobs queued before this record
 * still run.
 *
 * @param dataset the built-in dataset's id, for a built-in import
 * @param upload the upload's path in media storage, for an upload
 * @param sha256 the upload's checksum, verified before it is read
 * @param task the task the upload is for ({@code toxicity}, {@code digits},
 * {@code fashion})
 * @param name the dataset's name
 * @param fileName the name the user uploaded it under (display only)
 * @param images the number of images found when a zip was checked (null for a CSV)
 */
@MessageType("job.import-dataset.v1")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetImportRequest(String dataset, String upload, String sha256, String task, String name,
		String fileName, Integer images) implements JobPayload {

	/** An import of a built-in dataset. */
	public static DatasetImportRequest ofBuiltin(String dataset) {
		return new DatasetImportRequest(dataset, null, null, null, null, null, null);
	}

	/** An import of a checked upload. */
	public static DatasetImportRequest ofUpload(String upload, String sha256, String task, String name, String fileName,
			Integer images) {
		return new DatasetImportRequest(null, upload, sha256, task, name, fileName, images);
	}

	/** Whether this imports an upload (else a built-in dataset). */
	public boolean importsUpload() {
		return this.upload != null;
	}

}
