package io.galileosync.command;

import io.galileosync.command.CommandEvent.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Inside one writer transaction: adds numbered, checked entries to the command log and re-folds every command they
 * touch into its row (a reply touches the commands with its IMEI and number), so a command's row always is the
 * fold of the entries committed with it.
 */
final class LogTransaction {

    private LogTransaction() {
    }

    /** @return the new states of the commands touched */
    static List<CommandState> add(Connection connection, List<StoredEvent> entries) throws SQLException {
        Set<String> touched = new LinkedHashSet<>();
        for (StoredEvent entry : entries) {
            CommandEventTable.insert(connection, entry);
            CommandEvent event = entry.event();
            if (event.kind() == Kind.REPLIED) {
                touched.addAll(CommandTable.idsOf(connection, event.imei(), event.number()));
            } else if (event.command() != null) {
                touched.add(event.command());
            }
        }
        List<CommandState> states = new ArrayList<>(touched.size());
        for (String id : touched) {
            refold(connection, id).ifPresent(states::add);
        }
        return states;
    }

    /** Empty while the command's {@code created} entry has not arrived (its other entries wait for it). */
    private static Optional<CommandState> refold(Connection connection, String id) throws SQLException {
        List<StoredEvent> own = CommandEventTable.ofCommand(connection, id);
        Optional<StoredEvent> created = own.stream().filter(e -> e.event().kind() == Kind.CREATED)
                .min(StoredEvent.FIRST);
        if (created.isEmpty()) {
            return Optional.empty();
        }
        CommandEvent c = created.get().event();
        CommandState state = CommandFold.fold(created.get(),
                own.stream().filter(e -> e.event().kind() != Kind.CREATED).toList(),
                CommandEventTable.replies(connection, c.imei(), c.number()));
        CommandTable.put(connection, state);
        return Optional.of(state);
    }
}
