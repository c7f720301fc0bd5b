package io.deepdock.core.users;

public enum Role {

	USER, ADMIN

}
