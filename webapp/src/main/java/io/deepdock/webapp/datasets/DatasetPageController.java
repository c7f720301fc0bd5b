package io.deepdock.webapp.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.deepdock.core.batch.BatchLimits;
import io.deepdock.core.datasets.BuiltinDataset;
import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.datasets.DatasetOrigin;
import io.deepdock.core.datasets.Datasets;
import io.deepdock.core.ml.Task;
import io.deepdock.webapp.security.DeepdockUser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import io.deepdock.webapp.views.RendersPages;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The datasets page: the built-in datasets (with an import button for admins) and the
 * caller's uploads (an admin's: everyone's), each with its counts and its class balance
 * drawn as SVG bars on the server, whether each is trusted (with the admin's button to
 * mark it trusted or withdraw the trust), and the upload form (its script posts to
 * {@code POST /api/v1/datasets}).
 */
@RendersPages
class DatasetPageController {

	private final Datasets datasets;

	private final JsonMapper json;

	private final BatchLimits limits;

	DatasetPageController(Datasets datasets, JsonMapper json, BatchLimits limits) {
		this.datasets = datasets;
		this.json = json;
		this.limits = limits;
	}

	@ModelAttribute("caller")
	DeepdockUser caller(@AuthenticationPrincipal DeepdockUser caller) {
		return caller;
	}

	@GetMapping("/datasets")
	String datasets(@AuthenticationPrincipal DeepdockUser caller, Model model) {
		List<Dataset> all = this.datasets.all();
		List<BuiltinRow> builtins = new ArrayList<>();
		for (BuiltinDataset builtin : BuiltinDataset.values()) {
			Optional<Dataset> newest = all.stream()
				.filter((d) -> d.getOrigin() == DatasetOrigin.BUILTIN && d.getName().equals(builtin.id()))
				.findFirst();
			builtins.add(new BuiltinRow(builtin.id(), builtin.task(), newest.map(this::card).orElse(null)));
		}
		List<DatasetCard> uploads = all.stream()
			.filter((d) -> d.getOrigin() != DatasetOrigin.BUILTIN && caller.mayAccess(d.getOwnerId()))
			.map(this::card)
			.toList();
		model.addAttribute("builtins", builtins);
		model.addAttribute("uploads", uploads);
		model.addAttribute("maxImages", this.limits.maxItems());
		model.addAttribute("maxUnpackedMb", this.limits.maxTotalSize().toMegabytes());
		model.addAttribute("maxEntryMb", this.limits.maxEntrySize().toMegabytes());
		return "datasets";
	}

	/** A built-in dataset, and its newest imported version if any. */
	record BuiltinRow(String id, String task, DatasetCard dataset) {
	}

	private DatasetCard card(Dataset dataset) {
		JsonNode counts = this.json.readTree(dataset.getClassCounts());
		List<String> labels = labels(dataset);
		int[] train = ints(counts.path("train"), labels.size());
		int[] test = ints(counts.path("test"), labels.size());
		return new DatasetCard(dataset.getId(), dataset.getName(), dataset.getTask(), dataset.getOrigin().name(),
				dataset.getVersion(), dataset.getSplit(), examples(dataset, "train"), examples(dataset, "test"),
				ClassBalance.of(labels, train, test), dataset.getCreatedAt(), dataset.isTrusted());
	}

	/**
	 * The class names of a dataset's counts: the task's labels (and "clean" for text).
	 */
	private static List<String> labels(Dataset dataset) {
		try {
			Task task = Task.fromId(dataset.getTask());
			List<String> labels = new ArrayList<>(task.labels());
			if (task.kind() == Task.Kind.TEXT) {
				// the last count is of the texts that carry no label
				labels.add("clean");
			}
			return labels;
		}
		catch (IllegalArgumentException ex) {
			List<String> labels = new ArrayList<>();
			for (int i = 0; i < dataset.getClasses(); i++) {
				labels.add(Integer.toString(i));
			}
			return labels;
		}
	}

	private static int[] ints(JsonNode array, int size) {
		int[] values = new int[size];
		for (int i = 0; i < size && i < array.size(); i++) {
			values[i] = array.get(i).asInt();
		}
		return values;
	}

	private static int examples(Dataset dataset, String split) {
		return (dataset.file(split) != null) ? dataset.file(split).getExamples() : 0;
	}

	/** A dataset as its card on the page shows it. */
	record DatasetCard(long id, String name, String task, String origin, int version, String split, int train, int test,
			ClassBalance balance, java.time.Instant createdAt, boolean trusted) {
	}

}
