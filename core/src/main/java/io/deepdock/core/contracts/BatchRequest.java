package io.deepdock.core.contracts;

import io.deepdock.core.batch.BatchFormat;

/**
 * What a BATCH_PREDICT job asks for, as stored in the job's payload: the task, and the
 * uploaded file in media storage with its checksum (verified before it is read) and the
 * number of inputs found when it was checked.
 *
 * @param input the file's path in media storage
 * @param fileName the name the user uploaded it under (display only)
 */
@MessageType("job.batch-predict.v1")
public record BatchRequest(String task, BatchFormat format, String input, String fileName, long size, String sha256,
		int items) implements JobPayload {

}
