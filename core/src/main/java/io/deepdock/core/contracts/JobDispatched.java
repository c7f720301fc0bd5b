package io.deepdock.core.contracts;

/**
 * A job is ready for a worker. The job row in PostgreSQL is the source of truth for what
 * to do; the message only points at it, so a message can never disagree with the job it
 * belongs to.
 */
@MessageType("job.dispatched.v1")
public record JobDispatched(long jobId, String type) {

}
