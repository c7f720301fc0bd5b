package io.deepdock.core.datasets;

public enum DatasetOrigin {

	BUILTIN, UPLOAD, FEEDBACK

}
