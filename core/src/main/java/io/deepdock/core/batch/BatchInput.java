package io.deepdock.core.batch;

import java.io.Closeable;
import java.io.IOException;

/**
 * A batch file read one input at a time: nothing but the current input is held in memory.
 */
public interface BatchInput extends Closeable {

	/**
	 * The next input, or null at the end.
	 * @throws BatchInputException when the file as a whole turns out to be unusable (a
	 * limit is crossed, bad encoding, an unsafe name)
	 */
	BatchItem next() throws IOException;

}
