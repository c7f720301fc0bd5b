package io.deepdock.core.ml.text;

import java.util.List;

/**
 * Labelled texts for a multi-label task: {@code labels[i * labelCount + j]} is 1 when
 * text {@code i} has label {@code j}.
 */
public record TextSet(List<String> labelNames, List<String> ids, List<String> texts, byte[] labels) {

	public TextSet {
		labelNames = List.copyOf(labelNames);
		ids = List.copyOf(ids);
		texts = List.copyOf(texts);
		if (ids.size() != texts.size() || labels.length != texts.size() * labelNames.size()) {
			throw new IllegalArgumentException("ids, texts and labels disagree on the number of texts");
		}
	}

	public int size() {
		return this.texts.size();
	}

	public int labelCount() {
		return this.labelNames.size();
	}

	public boolean label(int text, int label) {
		return this.labels[text * labelCount() + label] != 0;
	}

}
