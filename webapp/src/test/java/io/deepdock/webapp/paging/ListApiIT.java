package io.deepdock.webapp.paging;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.datasets.DatasetOrigin;
import io.deepdock.core.datasets.DatasetRepository;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.core.predictions.Prediction;
import io.deepdock.core.predictions.PredictionRepository;
import io.deepdock.embedded.test.ApiClient;
import io.deepdock.embedded.test.WithInfrastructure;
import io.deepdock.webapp.TestAdmin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every list of the API, walked the same way: {@code page}, {@code size} (1..100) and
 * {@code sort=property,asc|desc} from a whitelist per list, one answer shape, and a 400
 * problem naming the parameter for anything else; over real HTTP and PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListApiIT {

	/**
	 * A list endpoint, who may read it, the properties it sorts by, and one property
	 * whose order the answer shows in a field of the same name.
	 */
	record Endpoint(String path, boolean adminOnly, List<String> sortable, String shown) {

		String with(String query) {
			return this.path + (this.path.contains("?") ? "&" : "?") + query;
		}

	}

	static final List<Endpoint> LISTS = List.of(
			new Endpoint("/api/v1/jobs", false, List.of("id", "createdAt", "startedAt", "finishedAt", "state", "type"),
					"id"),
			new Endpoint("/api/v1/predictions", false,
					List.of("id", "createdAt", "task", "label", "feedbackLabel", "latencyMicros"), "label"),
			new Endpoint("/api/v1/datasets", false, List.of("id", "name", "task", "version", "createdAt"), "name"),
			new Endpoint("/api/v1/models?task=fashion", false,
					List.of("id", "version", "status", "createdAt", "promotedAt"), "version"),
			new Endpoint("/api/v1/schedules", true,
					List.of("id", "task", "enabled", "nextFireAt", "lastFiredAt", "createdAt"), "id"),
			new Endpoint("/api/v1/auth/tokens", false, List.of("id", "name", "createdAt"), "name"));

	@LocalServerPort
	int port;

	@Autowired
	PredictionRepository predictions;

	@Autowired
	DatasetRepository datasets;

	@Autowired
	ModelRegistry registry;

	final JsonMapper json = JsonMapper.builder().build();

	ApiClient user;

	ApiClient admin;

	/** At least three of everything the user and the admin list. */
	@BeforeAll
	void threeOfEverything() {
		this.user = TestAdmin.newUser(this.port, "lists");
		this.admin = TestAdmin.admin(this.port);
		long me = this.json.readTree(this.user.get("/api/v1/auth/me").body()).get("id").asLong();
		long model = 0;
		for (int i = 0; i < 3; i++) {
			model = this.registry.register("fashion", null, null, "{}").getId();
		}
		for (String label : List.of("5", "1", "9")) {
			this.predictions.save(new Prediction("digits", me, model, label, "{\"" + label + "\":1.0}", 1000));
		}
		for (String name : List.of("m-lists", "a-lists", "z-lists")) {
			this.datasets.save(new Dataset(ApiClient.uniqueName(name), "digits", DatasetOrigin.UPLOAD, me, 1,
					"train/test", 10, "{}"));
		}
		for (String name : List.of("laptop", "ci", "phone")) {
			assertThat(this.user.post("/api/v1/auth/tokens", "{\"name\":\"" + name + "\"}").statusCode())
				.isEqualTo(201);
		}
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> job = this.user.post("/api/v1/jobs", "{\"type\":\"TRAIN\",\"task\":\"digits\"}");
			assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
			HttpResponse<String> schedule = this.admin.post("/api/v1/schedules",
					"{\"task\":\"digits\",\"cron\":\"0 " + (i + 1) + " * * *\",\"enabled\":false}");
			assertThat(schedule.statusCode()).as(schedule.body()).isEqualTo(201);
		}
	}

	@Test
	void everyListIsPagedAndSortedTheSameWay() {
		for (Endpoint list : LISTS) {
			ApiClient caller = list.adminOnly() ? this.admin : this.user;
			// one shape: content and page metadata, nothing else
			JsonNode first = ok(caller, list.with("size=1&page=0"));
			assertThat(first.propertyNames()).as(list.path()).containsExactlyInAnyOrder("content", "page");
			assertThat(first.get("page").propertyNames()).as(list.path())
				.containsExactlyInAnyOrder("size", "number", "totalElements", "totalPages");
			assertThat(first.get("content")).as(list.path()).hasSize(1);
			long total = first.at("/page/totalElements").asLong();
			assertThat(total).as(list.path()).isGreaterThanOrEqualTo(3);
			assertThat(first.at("/page/totalPages").asLong()).as(list.path()).isEqualTo(total);
			JsonNode second = ok(caller, list.with("size=1&page=1"));
			assertThat(second.at("/page/number").asInt()).isEqualTo(1);
			assertThat(second.at("/page/size").asInt()).isEqualTo(1);
			assertThat(second.at("/content/0/id").asLong()).as(list.path())
				.isNotEqualTo(first.at("/content/0/id").asLong());
			// the default size, and past the last page an empty one
			assertThat(ok(caller, list.path()).at("/page/size").asInt()).isEqualTo(20);
			assertThat(ok(caller, list.with("size=100&page=" + total)).get("content")).isEmpty();
			// every whitelisted property sorts, both ways
			for (String property : list.sortable()) {
				for (String direction : List.of("asc", "desc", "DESC")) {
					ok(caller, list.with("size=5&sort=" + property + "," + direction));
				}
			}
			// and the order is the one asked for
			assertThat(ids(ok(caller, list.with("size=100&sort=id,asc")))).as(list.path()).isSorted();
			assertThat(ids(ok(caller, list.with("size=100&sort=id,desc")))).as(list.path())
				.isSortedAccordingTo(Comparator.reverseOrder());
			List<String> shownAsc = shown(ok(caller, list.with("size=100&sort=" + list.shown())), list.shown());
			assertThat(shownAsc).as(list.path()).hasSizeGreaterThanOrEqualTo(3);
			assertSorted(shownAsc, false, list);
			assertSorted(shown(ok(caller, list.with("size=100&sort=" + list.shown() + ",desc")), list.shown()), true,
					list);
		}
	}

	@Test
	void anUnknownSortPropertyIsA400NamingIt() {
		for (Endpoint list : LISTS) {
			JsonNode problem = refused(list, "sort=nosuchfield", "sort");
			assertThat(problem.at("/errors/0/rejectedValue").asString()).isEqualTo("nosuchfield");
			assertThat(problem.at("/errors/0/message").asString()).contains(String.join(", ", list.sortable()));
			// a property of the entity that is not on the list's whitelist is just as
			// unknown
			refused(list, "sort=ownerId,asc", "sort");
		}
	}

	@Test
	void aNegativePageABadSizeOrABadDirectionIsA400NamingTheParameter() {
		for (Endpoint list : LISTS) {
			refused(list, "page=-1", "page");
			refused(list, "page=first", "page");
			refused(list, "size=0", "size");
			refused(list, "size=101", "size");
			refused(list, "size=1000000", "size");
			refused(list, "sort=id,sideways", "sort");
			refused(list, "sort=id,asc,desc", "sort");
			JsonNode both = problem(list, "page=-1&size=101");
			assertThat(both.get("errors").findValuesAsString("field")).containsExactly("page", "size");
		}
	}

	@Test
	void theApiDescriptionShowsPageSizeAndSortOnEveryList() {
		JsonNode paths = ok(this.admin, "/api/docs.json").get("paths");
		for (Endpoint list : LISTS) {
			String path = list.path().replaceFirst("\\?.*", "");
			JsonNode parameters = paths.path(path).path("get").path("parameters");
			assertThat(parameters.findValuesAsString("name")).as(path).contains("page", "size", "sort");
			for (JsonNode parameter : parameters) {
				if (parameter.path("name").asString().equals("size")) {
					assertThat(parameter.at("/schema/maximum").asInt()).as(path).isEqualTo(100);
				}
				if (parameter.path("name").asString().equals("sort")) {
					assertThat(parameter.path("description").asString()).as(path)
						.contains(String.join(", ", list.sortable()));
				}
			}
		}
	}

	JsonNode ok(ApiClient caller, String path) {
		HttpResponse<String> response = caller.get(path);
		assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	JsonNode problem(Endpoint list, String query) {
		ApiClient caller = list.adminOnly() ? this.admin : this.user;
		HttpResponse<String> response = caller.get(list.with(query));
		assertThat(response.statusCode()).as(list.with(query) + " " + response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo("https://deepdock.io/problems/invalid-paging");
		assertThat(problem.path("title").asString()).isEqualTo("Invalid paging or sorting");
		return problem;
	}

	JsonNode refused(Endpoint list, String query, String parameter) {
		JsonNode problem = problem(list, query);
		assertThat(problem.get("errors").findValuesAsString("field")).as(list.with(query)).containsExactly(parameter);
		assertThat(problem.path("detail").asString()).contains(parameter);
		return problem;
	}

	static List<Long> ids(JsonNode page) {
		return page.get("content").findValues("id").stream().map(JsonNode::asLong).toList();
	}

	static List<String> shown(JsonNode page, String field) {
		List<String> values = new ArrayList<>();
		for (JsonNode item : page.get("content")) {
			values.add(item.get(field).asString());
		}
		return values;
	}

	static void assertSorted(List<String> values, boolean descending, Endpoint list) {
		boolean numeric = values.stream().allMatch((v) -> v.matches("\\d+"));
		Comparator<String> order = numeric ? Comparator.comparingLong(Long::parseLong) : Comparator.naturalOrder();
		assertThat(values).as(list.path() + " by " + list.shown() + (descending ? " desc" : " asc"))
			.isSortedAccordingTo(descending ? order.reversed() : order);
	}

}
