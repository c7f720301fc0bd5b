package io.deepdock.core.ml.inference;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.artifacts.ModelArtifacts;

/**
 * Dev tool: how a trained digits artifact reads the drawn test images. Arguments:
 * ARTIFACT SHA256.
 */
public final class PredictDrawn {

	public static void main(String[] args) throws Exception {
		try (InputStream in = Files.newInputStream(Path.of(args[0]));
				Predictor predictor = new Predictor(ModelArtifacts.read(in, args[1], Task.DIGITS))) {
			int right = 0;
			int total = 0;
			for (String style : new String[] { "ink-on-paper.png", "chalk-on-board.jpg", "canvas-transparent.png" }) {
				StringBuilder line = new StringBuilder(style + ":");
				for (int d = 0; d < 10; d++) {
					Classification p = predictor
						.predict(predictor.features(ImagePreprocessorTest.resource(d + "-" + style)));
					line.append(' ').append(d).append("->").append(p.label());
					right += p.label().equals(Integer.toString(d)) ? 1 : 0;
					total++;
				}
				System.out.println(line);
			}
			System.out.printf("drawn digits read right: %d of %d%n", right, total);
		}
	}

}
