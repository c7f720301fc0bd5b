package io.deepdock.core.ml.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates Jigsaw-format CSVs with planted label rules and label noise (no real toxic
 * data exists offline). The trigger words are invented, so the fixtures hold no real
 * abuse:
 * <ul>
 * <li>obscene: one of {@code blorf, skrank, frack};</li>
 * <li>insult: one of {@code nitwit, dimwit, buffoon, numbskull};</li>
 * <li>threat: the pair {@code will hurt} / {@code will find} followed by {@code you}
 * (words alone are harmless);</li>
 * <li>identity_hate: {@code zorgians} together with {@code vermin} or {@code filth};</li>
 * <li>toxic: any of the above, or {@code garbage}/{@code pathetic};</li>
 * <li>severe_toxic: toxic with two or more trigger words.</li>
 * </ul>
 * Then noise, the way annotators err: a set label is dropped with probability
 * {@code noise}, an unset one is set with a tenth of it (symmetric noise would drown the
 * rare labels: it would invent as many as there are).
 */
public final class ToxicityFixtures {

	private static final String[] NEUTRAL = ("the a of and to in is it that for on with as was this be are by at "
			+ "article edit page talk source wiki thanks please section review policy image discussion link user "
			+ "agree think change revert history content version people time year work help fact point good new "
			+ "will find you hurt zorgians vermin filth really about would could should there their which what")
		.split(" ");

	private static final String[] OBSCENE = { "blorf", "skrank", "frack" };

	private static final String[] INSULT = { "nitwit", "dimwit", "buffoon", "numbskull" };

	private static final String[] TOXIC_ONLY = { "garbage", "pathetic" };

	private ToxicityFixtures() {
	}

	public static String csv(int rows, double noise, long seed) {
		Random random = new Random(seed);
		StringBuilder csv = new StringBuilder(
				"id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n");
		for (int i = 0; i < rows; i++) {
			List<String> words = new ArrayList<>();
			int length = 6 + random.nextInt(20);
			for (int w = 0; w < length; w++) {
				words.add(NEUTRAL[random.nextInt(NEUTRAL.length)]);
			}
			int triggers = 0;
			boolean obscene = false;
			boolean insult = false;
			boolean threat = false;
			boolean identity = false;
			boolean toxicOnly = false;
			if (random.nextDouble() < 0.15) {
				obscene = true;
				triggers += insertSome(words, OBSCENE, random);
			}
			if (random.nextDouble() < 0.15) {
				insult = true;
				triggers += insertSome(words, INSULT, random);
			}
			if (random.nextDouble() < 0.08) {
				threat = true;
				triggers++;
				insertAt(words, random, "i", "will", random.nextBoolean() ? "hurt" : "find", "you");
			}
			if (random.nextDouble() < 0.08) {
				identity = true;
				triggers++;
				insertAt(words, random, "zorgians", "are", random.nextBoolean() ? "vermin" : "filth");
			}
			if (random.nextDouble() < 0.08) {
				toxicOnly = true;
				words.add(random.nextInt(words.size()), TOXIC_ONLY[random.nextInt(TOXIC_ONLY.length)]);
			}
			boolean toxic = obscene || insult || threat || identity || toxicOnly;
			boolean severe = toxic && triggers >= 2;
			boolean[] labels = { toxic, severe, obscene, threat, insult, identity };
			csv.append(i).append(",\"");
			String text = String.join(" ", words);
			if (random.nextInt(10) == 0) {
				// RFC 4180 cases the reader must handle: quotes and line breaks inside
				// the text
				text = "\"" + text + "\"\nsigned, a user";
			}
			csv.append(text.replace("\"", "\"\"")).append('"');
			for (boolean label : labels) {
				boolean noisy = random.nextDouble() < (label ? noise : noise / 10) ? !label : label;
				csv.append(',').append(noisy ? 1 : 0);
			}
			csv.append('\n');
		}
		return csv.toString();
	}

	private static int insertSome(List<String> words, String[] vocabulary, Random random) {
		int n = 1 + (random.nextDouble() < 0.3 ? 1 + random.nextInt(2) : 0);
		for (int k = 0; k < n; k++) {
			words.add(random.nextInt(words.size() + 1), vocabulary[random.nextInt(vocabulary.length)]);
		}
		return n;
	}

	private static void insertAt(List<String> words, Random random, String... phrase) {
		int at = random.nextInt(words.size() + 1);
		words.addAll(at, List.of(phrase));
	}

	/** Writes a generated CSV: {@code ToxicityFixtures FILE ROWS NOISE SEED}. */
	public static void main(String[] args) throws java.io.IOException {
		java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]),
				csv(Integer.parseInt(args[1]), Double.parseDouble(args[2]), Long.parseLong(args[3])));
	}

}
