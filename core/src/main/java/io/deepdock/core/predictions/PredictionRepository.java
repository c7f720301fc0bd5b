package io.deepdock.core.predictions;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

public interface PredictionRepository extends JpaRepository<Prediction, Long>, JpaSpecificationExecutor<Prediction> {

	Page<Prediction> findByOwnerId(Long ownerId, Pageable pageable);

}
