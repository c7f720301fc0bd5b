/**
 * Not DL4J's code: deepdock's shim, in DL4J's own namespace on purpose.
 * <p>
 * DL4J 1.0.0-M2.1 asks by reflection for {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * (in {@code BaseMKLDNNHelper.mklDnnEnabled()}), a class that the same release moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu}. The lookup fails, and DL4J then
 * drops every oneDNN layer helper (convolution, batch normalisation, pooling) even on the
 * oneDNN build of libnd4j. The lookup is by this exact name, so the class that answers it
 * must live in this package; it only forwards the one switch DL4J reads. Remove the
 * package when DL4J looks the class up where it now is (see
 * {@code io.deepdock.core.ml.OneDnn} and its test, {@code OneDnnTest}).
 */
package org.nd4j.nativeblas;
