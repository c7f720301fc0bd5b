package io.deepdock.webapp.pages;

/**
 * A dataset in the Train page's list.
 *
 * @param id its id in the API
 * @param task the task it trains
 * @param label what the list shows, e.g. "digits v1 (built-in)"
 */
public record DatasetOption(long id, String task, String label) {

}
