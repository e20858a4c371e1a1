package dev.evedmv.intel;

import java.time.LocalDate;
import java.util.List;

/**
 * Killmails of [since, until) in the activity row's shape: the biggest by total value ({@code order} "isk": value
 * descending, then id ascending) or the newest ({@code order} "newest": time descending, then id descending).
 */
public record KillmailList(String order, LocalDate since, LocalDate until, List<ActivityPage.Row> items) {
}
