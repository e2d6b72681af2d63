package io.taskcast.kafka.schemas.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskcast.kafka.schemas.worker.MatchRule;

/**
 * The worker pool's answer to a wait it had no pending task for (docs/workers.md, "The fast
 * path"): {@code slots} of the worker are held for the wait, and the API that holds it may assign
 * one task of at most that cost to it directly, as soon as one becomes pending.
 *
 * @param commandId the wait's poll id
 * @param matchRule the tasks the worker takes (null: any)
 * @param offered   a pending task the worker can take, first in line, set aside for this wait: the
 *                  API assigns it at once (null: none is pending, wait for one)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Leased(String commandId, int slots, MatchRule matchRule, String offered) implements CommandResult {
}
