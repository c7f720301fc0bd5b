package io.deepdock.webapp.datasets;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import io.deepdock.core.batch.BatchInputException;
import io.deepdock.core.batch.BatchLimits;
import io.deepdock.core.batch.BatchZip;
import io.deepdock.core.ml.data.DatasetFormatException;
import io.deepdock.core.datasets.ImageFolderZip;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.DatasetImportRequest;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.media.MediaStorage;
import io.deepdock.core.media.StoredFile;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.text.StrictUtf8InputStream;
import io.deepdock.core.quotas.Quotas;
import io.deepdock.webapp.jobs.FileJobs;
import io.deepdock.webapp.jobs.JobView;
import io.deepdock.webapp.problems.ProblemException;
import io.deepdock.webapp.security.DeepdockUser;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Uploading a dataset: a toxicity CSV in the Jigsaw format, or (digits, fashion) a zip of
 * images in one folder per class. The CSV's header is checked at once (a wrong file is
 * refused before anything is stored), and every byte of it is checked to be UTF-8 while
 * it is stored (a file that is not is refused, and nothing is kept); a zip is checked
 * from its central directory (safe names, limits, known class folders) before it is
 * accepted. The file is kept in media under a generated name, and an import job validates
 * every row or image, splits it and registers the dataset.
 */
@RestController
@RequestMapping("/api/v1/datasets")
class DatasetUploadController {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	/** Longest header line read before giving up on finding its end. */
	private static final int MAX_HEADER_BYTES = 64 * 1024;

	private final MediaStorage media;

	private final JobSubmission submission;

	private final JsonMapper json;

	private final BatchLimits limits;

	private final Quotas quotas;

	DatasetUploadController(MediaStorage media, JobSubmission submission, JsonMapper json, BatchLimits limits,
			Quotas quotas) {
		this.quotas = quotas;
		this.limits = limits;
		this.media = media;
		this.submission = submission;
		this.json = json;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<JobView> upload(@RequestParam String task, @RequestParam MultipartFile file,
			@RequestParam(required = false) String name, @AuthenticationPrincipal DeepdockUser caller)
			throws IOException {
		Task resolved;
		try {
			resolved = Task.fromId(task);
		}
		catch (IllegalArgumentException ex) {
			throw ProblemException.badRequest("unknown-task", "Unknown task",
					"There is no task '" + task + "'. Known: digits, fashion, toxicity.");
		}
		String datasetName = (name == null || name.isBlank())
				? ((resolved == Task.TOXICITY) ? "toxicity" : resolved.id() + "-upload") : name.trim();
		if (!NAME.matcher(datasetName).matches()) {
			throw ProblemException.badRequest("invalid-name", "Invalid dataset name",
					"A dataset name is 1 to 63 lower-case letters, digits and dashes, starting with a letter or digit.");
		}
		if (file.isEmpty()) {
			throw ProblemException.badRequest("empty-upload", "Empty upload", "The uploaded file is empty.");
		}
		// before anything is copied to media: a refused upload stores nothing
		this.quotas.checkUpload(caller.id(), file.getSize());
		if (resolved != Task.TOXICITY) {
			return uploadImageZip(resolved, datasetName, file, caller);
		}
		StoredFile stored;
		try (InputStream in = new BufferedInputStream(file.getInputStream(), 1 << 16)) {
			in.mark(MAX_HEADER_BYTES + 1);
			checkHeader(readHeader(in));
			in.reset();
			// the whole file, not only its header, is checked as it is stored: a Latin-1
			// body is refused here, not by the import job later
			stored = this.media.write("uploads/datasets", "csv", new StrictUtf8InputStream(in)::transferTo);
		}
		catch (StrictUtf8InputStream.NotUtf8Exception ex) {
			throw ProblemException.badRequest("invalid-csv", "Not a toxicity CSV",
					"The file is not UTF-8 text (line " + ex.line() + "): save it as UTF-8 CSV and upload it again.");
		}
		return queueImport(stored, DatasetImportRequest.ofUpload(stored.path(), stored.sha256(), resolved.id(),
				datasetName, displayName(file.getOriginalFilename()), null), caller);
	}

	/**
	 * Queues the import of a stored upload. The dataset is the uploader's own: other
	 * users neither see nor train on it. When the job cannot be queued, no job points at
	 * the file, so it is not left behind.
	 */
	private ResponseEntity<JobView> queueImport(StoredFile stored, DatasetImportRequest payload, DeepdockUser caller)
			throws IOException {
		Job job = FileJobs.submit(this.submission, this.media, stored, JobType.IMPORT_DATASET, caller.id(),
				this.json.writeValueAsString(payload));
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/jobs/" + job.getId()))
			.body(JobView.of(job, this.json));
	}

	/**
	 * A zip of images in class folders: checked before it is accepted (names, limits,
	 * class folders), kept in media under a generated name, and imported by a job.
	 */
	private ResponseEntity<JobView> uploadImageZip(Task task, String datasetName, MultipartFile file,
			DeepdockUser caller) throws IOException {
		byte[] head;
		try (InputStream in = file.getInputStream()) {
			head = in.readNBytes(8);
		}
		if (!BatchZip.looksLikeZip(head)) {
			throw new BatchInputException(BatchInputException.Kind.UNSUPPORTED,
					"A " + task.id()
							+ " dataset is a zip of PNG or JPEG images in one folder per class (e.g. 7/img001.png); "
							+ "the uploaded file is not a zip.");
		}
		StoredFile stored = this.media.write("uploads/datasets", "zip", (out) -> {
			try (InputStream in = file.getInputStream()) {
				in.transferTo(out);
			}
		});
		int[] counts;
		try {
			counts = ImageFolderZip.inspect(this.media.resolve(stored.path()), task, this.limits);
		}
		catch (DatasetFormatException ex) {
			this.media.delete(stored.path());
			throw ProblemException.badRequest("invalid-dataset-zip", "Not a dataset zip",
					"The zip cannot be imported: " + ex.getMessage() + ".");
		}
		catch (IOException | RuntimeException ex) {
			this.media.delete(stored.path());
			throw ex;
		}
		return queueImport(stored, DatasetImportRequest.ofUpload(stored.path(), stored.sha256(), task.id(), datasetName,
				displayName(file.getOriginalFilename()), Arrays.stream(counts).sum()), caller);
	}

	private static String readHeader(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1 && b != '\n') {
			if (line.size() >= MAX_HEADER_BYTES) {
				throw ProblemException.badRequest("invalid-csv", "Not a toxicity CSV",
						"The first line is longer than " + MAX_HEADER_BYTES + " bytes: this is not a CSV header.");
			}
			line.write(b);
		}
		byte[] bytes = line.toByteArray();
		if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
			bytes = Arrays.copyOfRange(bytes, 3, bytes.length);
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString()
				.strip();
		}
		catch (CharacterCodingException ex) {
			throw ProblemException.badRequest("invalid-csv", "Not a toxicity CSV",
					"The file is not UTF-8 text: save it as UTF-8 CSV and upload it again.");
		}
	}

	private static void checkHeader(String header) {
		List<String> columns = Arrays.stream(header.split(",", -1)).map((c) -> c.strip().replace("\"", "")).toList();
		List<String> missing = new ArrayList<>();
		if (!columns.contains("comment_text")) {
			missing.add("comment_text");
		}
		for (String label : Task.TOXICITY.labels()) {
			if (!columns.contains(label)) {
				missing.add(label);
			}
		}
		if (!missing.isEmpty()) {
			throw ProblemException.badRequest("invalid-csv", "Not a toxicity CSV",
					"The CSV header lacks the columns " + missing + ". Expected the Jigsaw format: id,comment_text,"
							+ String.join(",", Task.TOXICITY.labels()) + ".");
		}
	}

	/** The user's file name, kept only as display text. */
	private static String displayName(String original) {
		if (original == null) {
			return null;
		}
		String base = original.replace('\\', '/');
		base = base.substring(base.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "");
		return (base.length() > 200) ? base.substring(0, 200) : base;
	}

}
