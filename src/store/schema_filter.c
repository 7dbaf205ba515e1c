/*
 * schema_filter.c: the index behind the queue's text filter (schemas 5 to 8).
 *
 * The console's `/` filter matches a substring of the subject, the
 * requester's or organisation's name (case folded beyond ASCII as
 * tt_text_fold folds it: the SQL function tt_fold_contains, src/store/fold.c),
 * or a ticket number.  Without an index a filter that matches nothing reads
 * every ticket.  A trigram FTS5 index of the subjects finds the tickets whose
 * subject may contain a term of three characters or more; src/store/tickets.c
 * uses it for such terms (and the contacts/customers/ticket-id indexes for the
 * rest) to collect candidates, then applies the very same predicate as the
 * scan to them, so the results are identical.  detail=none: the filter asks
 * for all of a term's trigrams, not a phrase, so no positions are kept.
 *
 * The index holds each subject folded by tt_fold (schema 7), which FTS5 then
 * folds again by its own table.  A subject the filter accepts contains the
 * folded term, so it contains the term's trigrams as FTS5 folds them: the
 * candidates are a superset of the rows whichever of the two tables folds
 * more.  FTS5's alone would not do: it keeps İ (U+0130) and the Cyrillic
 * letters of Unicode 7 (U+0528-U+052F) that tt_text_fold folds, so
 * "istanbul" would miss an indexed "İstanbul".
 *
 * Kept in step without making every ticket write pay for FTS5 (which flushes
 * its pending terms at every statement that touches it: 18 us a ticket for a
 * sync that upserts tickets one statement at a time): triggers only note the
 * ticket in the backlog tickets_filter_backlog (tickets_subject_stale before
 * schema 8) when it is inserted, deleted, or its subject changes; writers call
 * tt_store_ticket_filter_refresh() after a batch (sync after each page, demo init), which
 * re-indexes the noted tickets in three set statements.  Until then the filter takes the noted
 * tickets as candidates too, so it is right at every moment.  Migration 5 creates the index and
 * migration 7 fills it from the tickets already stored, folded (100k tickets: 2.5 s, once; 1M: 80
 * MB, and 18 s when migration 6 filled it unfolded).
 *
 * Terms of one or two characters (schema 6): each subject is indexed with two
 * U+0001 characters after it, so every occurrence of such a term in a subject
 * begins one of its trigrams (at the end, one ending in U+0001).  The
 * subjects that may contain the term are then those with a trigram in the
 * index vocabulary range starting with the term (as tt_fold and FTS5 fold
 * it), a short range read (tickets.c).
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

/* Migration 6 filled the index with the subjects and their padding;
 * migration 7 does it with the subjects folded, so 6 has nothing left to do
 * (every database going through it goes through 7 next). */
const char tt_schema_filter_v6[] = "/* superseded by migration 7 */";

/* Fills the index (migration 5 made it, empty) with every stored subject
 * folded and padded as tickets.c's refresh writes it, from scratch, so
 * running it again (a database taken back to an earlier version by hand)
 * leaves no duplicate. */
const char tt_schema_filter_v7[] = "DELETE FROM tickets_subject_fts;"
                                   "DELETE FROM tickets_subject_stale;"
                                   "INSERT INTO tickets_subject_fts(rowid, subject)"
                                   "  SELECT id, tt_fold(subject) || char(1, 1) FROM tickets;";

/* The backlog's new name (schema 8).  A console of an earlier build left
 * open while a newer one upgrades the database would go on re-indexing the
 * backlog's subjects with its own statements (unpadded before 6, not folded
 * before 7), so the filter would silently miss those tickets; with the
 * backlog moved to a table of another name, their re-index fails loudly ("no
 * such table: tickets_subject_stale") instead.  The rows pending in the old
 * table move with it; the triggers are recreated under names of their own,
 * writing to the new table.  Moved rather than renamed, so that a database
 * taken back to an earlier version by hand (which then has both tables, or
 * neither) goes through it again. */
const char tt_schema_filter_v8[] =
    "DROP TRIGGER IF EXISTS tickets_subject_stale_insert;"
    "DROP TRIGGER IF EXISTS tickets_subject_stale_update;"
    "DROP TRIGGER IF EXISTS tickets_subject_stale_delete;"
    "CREATE TABLE IF NOT EXISTS tickets_filter_backlog (id INTEGER PRIMARY KEY);"
    "CREATE TABLE IF NOT EXISTS tickets_subject_stale (id INTEGER PRIMARY KEY);"
    "INSERT INTO tickets_filter_backlog(id) SELECT id FROM tickets_subject_stale WHERE true"
    "  ON CONFLICT(id) DO NOTHING;"
    "DROP TABLE tickets_subject_stale;"
    "CREATE TRIGGER IF NOT EXISTS tickets_filter_backlog_insert AFTER INSERT ON tickets BEGIN"
    "  INSERT INTO tickets_filter_backlog(id) VALUES (new.id)"
    "    ON CONFLICT(id) DO NOTHING;"
    " END;"
    "CREATE TRIGGER IF NOT EXISTS tickets_filter_backlog_update AFTER UPDATE OF subject ON tickets"
    "  WHEN old.subject IS NOT new.subject BEGIN"
    "  INSERT INTO tickets_filter_backlog(id) VALUES (new.id)"
    "    ON CONFLICT(id) DO NOTHING;"
    " END;"
    "CREATE TRIGGER IF NOT EXISTS tickets_filter_backlog_delete AFTER DELETE ON tickets BEGIN"
    "  INSERT INTO tickets_filter_backlog(id) VALUES (old.id)"
    "    ON CONFLICT(id) DO NOTHING;"
    " END;";
