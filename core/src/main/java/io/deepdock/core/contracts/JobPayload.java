package io.deepdock.core.contracts;

/**
 * What a job asks for, stored as JSON in its {@code payload} column and read back by the
 * worker that runs it. One record per {@link JobType}, each with a stable, versioned type
 * id ({@link MessageType}, e.g. {@code job.train.v1}): a change that old payloads cannot
 * be read with is a new version, never an edit in place.
 */
public sealed interface JobPayload permits TrainRequest, BatchRequest, DatasetImportRequest {

}
