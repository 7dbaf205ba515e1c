/*
 * schema_filter.c: the index behind the queue's text filter (schemas 5 and 6).
 *
 * The console's `/` filter matches a substring of the subject (LIKE, ASCII
 * case folded), the requester's or organisation's name, or a ticket number.
 * Without an index a filter that matches nothing reads every ticket.  A
 * trigram FTS5 index of the subjects finds the tickets whose subject may
 * contain a term of three characters or more; src/store/tickets.c uses it
 * for such terms (and the contacts/customers/ticket-id indexes for the rest)
 * to collect candidates, then applies the very same predicate as the scan to
 * them, so the results are identical: the trigram index (Unicode case folded)
 * finds a superset of what LIKE accepts.  detail=none: the filter asks for
 * all of a term's trigrams, not a phrase, so no positions are kept.
 *
 * Kept in step without making every ticket write pay for FTS5 (which flushes
 * its pending terms at every statement that touches it: 18 us a ticket for a
 * sync that upserts tickets one statement at a time): triggers only note the
 * ticket in tickets_subject_stale when it is inserted, deleted, or its subject
 * changes; writers call tt_store_ticket_filter_refresh() after a batch (sync
 * after each page, demo init), which re-indexes the noted tickets in three
 * set statements.  Until then the filter takes the noted tickets as
 * candidates too, so it is right at every moment.  Migration 5 creates the
 * index and migration 6 fills it from the tickets already stored (1M tickets:
 * about 18 s, once; 80 MB).
 *
 * Terms of one or two characters (schema 6): each subject is indexed with two
 * U+0001 characters after it, so every occurrence of such a term in a subject
 * begins one of its trigrams (at the end, one ending in U+0001).  The
 * subjects that may contain the term are then those with a trigram in the
 * index vocabulary range starting with the term (as FTS5 folds it), a short
 * range read (tickets.c).  Migration 6 re-indexes a database of schema 5 so.
 */
const char tt_schema_filter_v5[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS tickets_subject_fts USING fts5(subject, tokenize='trigram',"
    "  detail='none');"
    "CREATE TABLE IF NOT EXISTS tickets_subject_stale (id INTEGER PRIMARY KEY);"
    "CREATE TRIGGER IF NOT EXISTS tickets_subject_stale_insert AFTER INSERT ON tickets BEGIN"
    "  INSERT INTO tickets_subject_stale(id) VALUES (new.id)"
    "    ON CONFLICT(id) DO NOTHING;"
    " END;"
    "CREATE TRIGGER IF NOT EXISTS tickets_subject_stale_update AFTER UPDATE OF subject ON tickets"
    "  WHEN old.subject IS NOT new.subject BEGIN"
    "  INSERT INTO tickets_subject_stale(id) VALUES (new.id)"
    "    ON CONFLICT(id) DO NOTHING;"
    " END;"
    "CREATE TRIGGER IF NOT EXISTS tickets_subject_stale_delete AFTER DELETE ON tickets BEGIN"
    "  INSERT INTO tickets_subject_stale(id) VALUES (old.id)"
    "    ON CONFLICT(id) DO NOTHING;"
    " END;";

/* Fills the index (migration 5 made it, empty) with every stored subject
 * and its padding (tickets.c's refresh writes it too), from scratch, so
 * running it again (a database taken back to an earlier version by hand)
 * leaves no duplicate. */
const char tt_schema_filter_v6[] = "DELETE FROM tickets_subject_fts;"
                                   "DELETE FROM tickets_subject_stale;"
                                   "INSERT INTO tickets_subject_fts(rowid, subject)"
                                   "  SELECT id, subject || char(1, 1) FROM tickets;";
