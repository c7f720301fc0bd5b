package io.deepdock.core.schedules;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

// package-private: reached through Schedules, the schedules feature's entry point
interface ScheduleRepository extends JpaRepository<Schedule, Long> {

	List<Schedule> findByEnabledTrue();

}
