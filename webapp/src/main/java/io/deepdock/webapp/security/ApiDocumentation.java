package io.deepdock.webapp.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /api/docs} says of each operation: its tag (the feature), a summary, a
 * description and the 4xx problems it really answers besides 401 and 403 (which any
 * operation may). Kept in one table rather than as annotations on the controllers, so
 * that the docs read as one text and a test ({@code ApiDocsIT}) can check that every
 * operation the web app serves is in it.
 */
final class ApiDocumentation {

	/** One operation's documentation. */
	record Entry(String tag, String summary, String description, Map<String, String> problems) {
	}

	static final String AUTH = "Accounts and tokens";

	static final String PREDICT = "Predict";

	static final String PREDICTIONS = "Predictions and feedback";

	static final String JOBS = "Jobs";

	static final String BATCH = "Batch predictions";

	static final String MODELS = "Models";

	static final String DATASETS = "Datasets";

	static final String SCHEDULES = "Schedules";

	/** The tags in the order the docs list them, each with what it is for. */
	static final Map<String, String> TAGS = tags();

	/** By {@code "METHOD /path"}, as springdoc names the paths. */
	static final Map<String, Entry> OPERATIONS = operations();

	private ApiDocumentation() {
	}

	private static Map<String, String> tags() {
		Map<String, String> tags = new LinkedHashMap<>();
		tags.put(PREDICT, "Ask the served model of a task");
		tags.put(PREDICTIONS, "Your past predictions, their inputs, and the feedback that retraining learns from");
		tags.put(JOBS, "Trainings, imports and batches: submit, follow live, cancel");
		tags.put(BATCH, "Predict a whole zip of images or CSV of texts, and download the results");
		tags.put(MODELS,
				"Model versions, their metrics and decisions; deleting your own; promotion and roll back (admins)");
		tags.put(DATASETS, "Built-in and uploaded datasets, their import, and trust (admins)");
		tags.put(SCHEDULES, "Scheduled retraining (admins)");
		tags.put(AUTH, "Registration, the current user, and personal API tokens");
		return tags;
	}

	private static Map<String, String> problems(String... statusAndWhy) {
		Map<String, String> problems = new LinkedHashMap<>();
		for (int i = 0; i < statusAndWhy.length; i += 2) {
			problems.put(statusAndWhy[i], statusAndWhy[i + 1]);
		}
		return problems;
	}

	private static final String PAGING = "invalid-paging: a page, size or sort outside its range, each named in errors[]";

	private static Map<String, Entry> operations() {
		Map<String, Entry> ops = new LinkedHashMap<>();
		// predict
		ops.put("POST /api/v1/predict/{task}", new Entry(PREDICT, "Predict one input",
				"Sends one input to the ACTIVE model of the task: JSON {\"pixels\": [784 grey levels]} or "
						+ "{\"text\": \"...\"}, or a multipart image (PNG or JPEG). Answers the label, every class's "
						+ "probability, the model version and the latency, and the prediction's id for feedback.",
				problems("400", "an unknown task, a malformed body, pixels out of range, an unreadable image", "413",
						"the image or body is too large", "415", "a body that is neither JSON nor multipart", "429",
						"too many predictions at once for this replica", "503",
						"no model serves the task yet (train one), or the engine is overloaded")));
		// predictions
		ops.put("GET /api/v1/predictions",
				new Entry(PREDICTIONS, "List your predictions",
						"Your past predictions (an admin: everyone's), newest first by when they were answered; paged "
								+ "and sortable like every list.",
						problems("400", PAGING)));
		ops.put("GET /api/v1/predictions/{id}",
				new Entry(PREDICTIONS, "Read one prediction",
						"One of your predictions with its probabilities and feedback.",
						problems("404", "no such prediction, or not yours")));
		ops.put("POST /api/v1/predictions/{id}/feedback", new Entry(PREDICTIONS, "Give or change feedback",
				"Says what the input really was ({\"label\": \"7\"}); a second call replaces the first. The next "
						+ "training on feedback learns from it.",
				problems("400", "a label the task does not have", "404", "no such prediction, or not yours")));
		ops.put("GET /api/v1/predictions/{id}/image",
				new Entry(PREDICTIONS, "The input image of a prediction",
						"The 28x28 image the model saw, as PNG (the thumbnail of My predictions).",
						problems("404", "no such prediction, not yours, or it had no image")));
		ops.put("DELETE /api/v1/predictions/{id}/input",
				new Entry(PREDICTIONS, "Delete the image a prediction stored",
						"Removes the image file an online prediction stored and frees your storage quota; the "
								+ "prediction stays, its imageExpiredAt set (as when retention removes it), and its "
								+ "thumbnail, drawn from the kept 28x28 features, still answers. Answers 204.",
						problems("404", "no such prediction, not yours, a text, a batch's row (its input is the job's "
								+ "upload: DELETE /api/v1/jobs/{id}/result), or the image is gone already")));
		// jobs
		ops.put("GET /api/v1/jobs",
				new Entry(JOBS, "List jobs",
						"Your jobs (an admin: everyone's), filterable by state, type and trigger; paged. A QUEUED job "
								+ "carries its queue position and what it waits for.",
						problems("400", PAGING + "; an unknown state, type or trigger")));
		ops.put("GET /api/v1/jobs/{id}",
				new Entry(JOBS, "Read one job",
						"The job's state, payload, result (test metrics, the version it produced and the promotion "
								+ "decision) or error.",
						problems("404", "no such job, or not yours")));
		ops.put("GET /api/v1/jobs/{id}/events", new Entry(JOBS, "Follow a job live (Server-Sent Events)",
				"A text/event-stream: the job's stored history ('progress' events: each epoch's loss, train and "
						+ "validation score, images per second) and its 'state', then live events until it ends.",
				problems("404", "no such job, or not yours", "429", "you already follow the most streams allowed")));
		ops.put("POST /api/v1/jobs",
				new Entry(JOBS, "Submit a training",
						"Queues a TRAIN job for a task on a dataset (by default the task's latest you may use) with "
								+ "optional hyper-parameters; answers 202 with the job and its Location.",
						problems("400", "an unknown task or type, a parameter out of range (named in errors[])", "403",
								"a user asking for promotion or feedback training (admins only)", "404",
								"no such dataset, or not yours", "429", "your job quota is used up")));
		ops.put("POST /api/v1/jobs/{id}/cancel",
				new Entry(JOBS, "Cancel a job",
						"Cancels a queued job at once, or asks a running one to stop at its next batch.",
						problems("404", "no such job, or not yours", "409", "the job has already ended")));
		// batch
		ops.put("POST /api/v1/jobs/batch",
				new Entry(BATCH, "Submit a batch prediction",
						"Uploads a zip of PNG/JPEG images (digits, fashion) or a CSV of texts (toxicity) and queues a "
								+ "BATCH_PREDICT job; answers 202.",
						problems("400", "an unknown task, an unsafe or malformed zip or CSV", "413",
								"the file is too large, or your storage quota is used up", "415", "not a zip or CSV",
								"429", "your job quota is used up", "503", "no model serves the task yet")));
		ops.put("GET /api/v1/jobs/{id}/result",
				new Entry(BATCH, "Download a batch's results",
						"The results CSV of a SUCCEEDED batch job: one row per input with its label and probabilities.",
						problems("404", "no such job, not yours, or not a batch", "409", "the batch has not succeeded",
								"410", "the results were removed by the retention policy, or deleted by you")));
		ops.put("DELETE /api/v1/jobs/{id}/result",
				new Entry(BATCH, "Delete a batch's files",
						"Removes the results file of your ended batch and the upload it read, and frees your storage "
								+ "quota; the job and its predictions stay, its resultsRemoved 'deleted', and its "
								+ "download answers 410. Answers 204.",
						problems("404", "no such job, not yours, not a batch, or its files are gone already", "409",
								"the batch is queued or running (cancel it)")));
		// models
		ops.put("GET /api/v1/models",
				new Entry(MODELS, "List model versions",
						"Every version of a task (or all), newest first, with status, metrics and decision; paged.",
						problems("400", PAGING + "; an unknown task")));
		ops.put("GET /api/v1/models/{id}",
				new Entry(MODELS, "Read one model version",
						"A version's status, parameters, test metrics and champion/challenger decision.",
						problems("404", "no such version")));
		ops.put("POST /api/v1/models/{id}/promote",
				new Entry(MODELS, "Promote a version (admins)",
						"Makes a READY or RETIRED version the ACTIVE one of its task; the previous one is retired.",
						problems("404", "no such version", "409",
								"the version is TRAINING, FAILED or DELETED, or has no artifact")));
		ops.put("POST /api/v1/models/rollback", new Entry(MODELS, "Roll back a task (admins)",
				"Promotes again the RETIRED version that was promoted last before the ACTIVE one.",
				problems("400", "an unknown task", "409", "nothing is ACTIVE, or it is the first version promoted")));
		ops.put("DELETE /api/v1/models/{id}", new Entry(MODELS, "Delete a model version",
				"Deletes a version you trained (an admin: any that does not serve) and its artifact, and "
						+ "frees your storage quota; the row stays with status DELETED, so the jobs and "
						+ "predictions that name it keep working. Answers 204.",
				problems("403",
						"model-protected: a version of the platform's (bootstrap, schedules) or one an admin "
								+ "promoted, which only an admin deletes",
						"404", "no such version, or not yours", "409",
						"model-active: the version serves its task; model-in-use: it is training, or a queued "
								+ "or running job uses it (named)")));
		// datasets
		ops.put("GET /api/v1/datasets",
				new Entry(DATASETS, "List datasets",
						"The built-in datasets and your uploads (an admin: everyone's), with their counts; paged.",
						problems("400", PAGING)));
		ops.put("POST /api/v1/datasets",
				new Entry(DATASETS, "Upload a dataset",
						"A zip of images in one folder per class (digits, fashion) or a Jigsaw-format CSV (toxicity); "
								+ "queues its import and answers 202 with the job.",
						problems("400", "an unknown task, a bad name, an unsafe or malformed zip or CSV", "413",
								"the file is too large, or your storage quota is used up", "415", "not multipart",
								"429", "your job quota is used up")));
		ops.put("POST /api/v1/datasets/import",
				new Entry(DATASETS, "Import a built-in dataset (admins)",
						"Queues the import of a built-in dataset (mnist, fashion-mnist); answers 202 with the job.",
						problems("400", "an unknown built-in dataset")));
		ops.put("POST /api/v1/datasets/{id}/trust",
				new Entry(DATASETS, "Mark an upload trusted (admins)",
						"Lets scheduled retraining and automatic promotion use the upload.",
						problems("404", "no such dataset", "409", "a built-in dataset is always trusted")));
		ops.put("DELETE /api/v1/datasets/{id}",
				new Entry(DATASETS, "Delete a dataset",
						"Deletes your upload (an admin: any, built-in and trusted ones included) and its files, and "
								+ "frees your storage quota; the jobs and model versions made from it keep their rows. "
								+ "Answers 204.",
						problems("403", "dataset-protected: a built-in or trusted dataset, which only an admin deletes",
								"404", "no such dataset, or not yours", "409",
								"dataset-in-use: an import is writing it or a queued or running job uses it (named)")));
		ops.put("DELETE /api/v1/datasets/{id}/trust",
				new Entry(DATASETS, "Withdraw trust (admins)",
						"The upload no longer trains models everyone is served without an admin.",
						problems("404", "no such dataset", "409", "a built-in dataset is always trusted")));
		// schedules
		ops.put("GET /api/v1/schedules",
				new Entry(SCHEDULES, "List schedules (admins)",
						"Every retraining schedule with its cron, time zone, next and last run; paged.",
						problems("400", PAGING)));
		ops.put("GET /api/v1/schedules/{id}", new Entry(SCHEDULES, "Read one schedule (admins)",
				"A schedule with its next run and last job.", problems("404", "no such schedule")));
		ops.put("POST /api/v1/schedules", new Entry(SCHEDULES, "Create a schedule (admins)",
				"A cron (Spring's six fields) in a time zone that retrains a task on its trusted data.",
				problems("400", "an invalid cron, time zone, task or minimum improvement (named in errors[])")));
		ops.put("PUT /api/v1/schedules/{id}",
				new Entry(SCHEDULES, "Change a schedule (admins)",
						"Replaces its cron, time zone, minimum improvement or enabled flag.",
						problems("400", "an invalid field (named in errors[])", "404", "no such schedule")));
		ops.put("DELETE /api/v1/schedules/{id}", new Entry(SCHEDULES, "Delete a schedule (admins)",
				"Stops it firing; its past jobs stay.", problems("404", "no such schedule")));
		// accounts
		ops.put("POST /api/v1/auth/register", new Entry(AUTH, "Register",
				"Creates a USER account (3 to 64 letters, digits, '.', '_', '-'; a password of 10 characters to "
						+ "72 UTF-8 bytes).",
				problems("400", "a user name or password outside the rules (named in errors[])", "403",
						"registration is closed", "409", "the user name is taken", "429",
						"too many registrations from this client")));
		ops.put("GET /api/v1/auth/me", new Entry(AUTH, "Who am I",
				"The authenticated user's name and role, and the token's scopes when a token was used.", problems()));
		ops.put("POST /api/v1/auth/tokens", new Entry(AUTH, "Create an API token",
				"A personal token (Authorization: Bearer ddt_...) with the scopes asked for; shown once.",
				problems("400", "a missing name or an unknown scope", "409", "you hold the most tokens allowed")));
		ops.put("GET /api/v1/auth/tokens", new Entry(AUTH, "List your API tokens",
				"Your tokens' names, scopes and creation times (never the tokens themselves).", problems()));
		ops.put("DELETE /api/v1/auth/tokens/{id}", new Entry(AUTH, "Revoke an API token",
				"The token stops working at once.", problems("404", "no such token, or not yours")));
		return ops;
	}

	/** The tag of an operation that is not in the table: its feature, from its path. */
	static String tagOf(String path) {
		String[] parts = path.split("/");
		String feature = (parts.length > 3) ? parts[3] : path;
		return List.of("predict").contains(feature) ? PREDICT
				: Character.toUpperCase(feature.charAt(0)) + feature.substring(1);
	}

}
