package io.deepdock.core.predictions;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface PredictionRepository extends JpaRepository<Prediction, Long> {

	Page<Prediction> findByOwnerId(Long ownerId, Pageable pageable);

}
