package io.deepdock.core.users;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

// package-private: reached through Users, the users feature's entry point
interface AppUserRepository extends JpaRepository<AppUser, Long> {

	@Query("select u from AppUser u where lower(u.username) = lower(?1)")
	Optional<AppUser> findByUsernameIgnoreCase(String username);

}
