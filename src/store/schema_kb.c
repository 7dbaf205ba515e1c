/*
 * schema_kb.c: tables of the kb module (owned by that module; part of
 * schema version 1 until the first release, later changes are new migrations).
 *
 * kb_articles holds the parsed articles; kb_fts (porter + unicode61),
 * kb_fts_cjk (trigram) and, from schema 4, kb_fts_grams (short CJK words,
 * below) are external-content FTS5 indexes over it, kept in step by triggers.
 * kb_vectors caches embeddings by (model, content hash); kb_lsa_terms is the
 * built-in embedder's trained projection.  Votes and the
 * search log refer to articles by their front-matter id.
 */
const char tt_schema_kb[] =
    "CREATE TABLE kb_articles ("
    "  id INTEGER PRIMARY KEY,"
    "  article_id TEXT NOT NULL UNIQUE,"
    "  path TEXT NOT NULL UNIQUE,"
    "  blob TEXT NOT NULL DEFAULT '',"
    "  slug TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  excerpt TEXT NOT NULL DEFAULT '',"
    "  category TEXT NOT NULL DEFAULT '',"
    "  subcategory TEXT NOT NULL DEFAULT '',"
    "  tags TEXT NOT NULL DEFAULT '',"
    "  audience TEXT NOT NULL CHECK (audience IN ('customer','internal','both')),"
    "  visibility TEXT NOT NULL CHECK (visibility IN ('public','authenticated','internal')),"
    "  related TEXT NOT NULL DEFAULT '',"
    "  author TEXT,"
    "  owner TEXT,"
    "  reviewed_at INTEGER,"
    "  review_every INTEGER NOT NULL DEFAULT 180,"
    "  content_hash TEXT NOT NULL DEFAULT '',"
    "  indexed_at INTEGER NOT NULL,"
    /* The large columns last: reading the small ones never walks overflow pages. */
    "  markdown TEXT NOT NULL DEFAULT '',"
    "  body TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX kb_articles_slug ON kb_articles(slug);"
    "CREATE INDEX kb_articles_hash ON kb_articles(content_hash);"

    "CREATE VIRTUAL TABLE kb_fts USING fts5(title, tags, body, content='kb_articles',"
    "  content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');"
    "CREATE VIRTUAL TABLE kb_fts_cjk USING fts5(title, body, content='kb_articles',"
    "  content_rowid='id', tokenize='trigram');"
    /* BM25 with the title above tags above the body, as the default rank:
     * FTS5 sorts `ORDER BY rank LIMIT n` itself, much faster than bm25(). */
    "INSERT INTO kb_fts(kb_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)');"
    "INSERT INTO kb_fts_cjk(kb_fts_cjk, rank) VALUES ('rank', 'bm25(8.0, 1.0)');"
    "CREATE TRIGGER kb_articles_ai AFTER INSERT ON kb_articles BEGIN"
    "  INSERT INTO kb_fts(rowid, title, tags, body) VALUES (new.id, new.title, new.tags, new.body);"
    "  INSERT INTO kb_fts_cjk(rowid, title, body) VALUES (new.id, new.title, new.body);"
    "END;"
    "CREATE TRIGGER kb_articles_ad AFTER DELETE ON kb_articles BEGIN"
    "  INSERT INTO kb_fts(kb_fts, rowid, title, tags, body)"
    "    VALUES ('delete', old.id, old.title, old.tags, old.body);"
    "  INSERT INTO kb_fts_cjk(kb_fts_cjk, rowid, title, body)"
    "    VALUES ('delete', old.id, old.title, old.body);"
    "END;"
    "CREATE TRIGGER kb_articles_au AFTER UPDATE OF title, tags, body ON kb_articles BEGIN"
    "  INSERT INTO kb_fts(kb_fts, rowid, title, tags, body)"
    "    VALUES ('delete', old.id, old.title, old.tags, old.body);"
    "  INSERT INTO kb_fts_cjk(kb_fts_cjk, rowid, title, body)"
    "    VALUES ('delete', old.id, old.title, old.body);"
    "  INSERT INTO kb_fts(rowid, title, tags, body) VALUES (new.id, new.title, new.tags, new.body);"
    "  INSERT INTO kb_fts_cjk(rowid, title, body) VALUES (new.id, new.title, new.body);"
    "END;"

    "CREATE TABLE kb_vectors ("
    "  model TEXT NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  dim INTEGER NOT NULL,"
    "  vec BLOB NOT NULL,"
    "  PRIMARY KEY (model, hash)) WITHOUT ROWID;"

    "CREATE TABLE kb_lsa_terms ("
    "  model TEXT NOT NULL,"
    "  term TEXT NOT NULL,"
    "  idf REAL NOT NULL,"
    "  vec BLOB NOT NULL,"
    "  PRIMARY KEY (model, term)) WITHOUT ROWID;"

    "CREATE TABLE kb_votes ("
    "  id INTEGER PRIMARY KEY,"
    "  article_id TEXT NOT NULL,"
    "  helpful INTEGER NOT NULL,"
    "  comment TEXT,"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX kb_votes_article ON kb_votes(article_id);"

    "CREATE TABLE kb_search_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  query TEXT NOT NULL,"
    "  norm TEXT NOT NULL,"
    "  audience TEXT,"
    "  results INTEGER NOT NULL,"
    "  top_ids TEXT NOT NULL DEFAULT '',"
    "  opened_article TEXT,"
    "  opened_at INTEGER);"
    "CREATE INDEX kb_search_log_at ON kb_search_log(at);"

    "CREATE TABLE kb_broken ("
    "  path TEXT PRIMARY KEY,"
    "  line INTEGER NOT NULL,"
    "  message TEXT NOT NULL);"

    "CREATE TABLE kb_state ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT);";

/* Schema 4: kb_fts_grams, the short-word index.  The trigram index cannot
 * match CJK words of one or two characters -- and most Chinese words are two
 * (退款 refund, 发票 invoice, 密码 password).  This one indexes each CJK
 * character with the bigram it starts (tokenizer ticketty_cjk,
 * src/store/kb_tokenizer.c), ranked like kb_fts: BM25, title above tags above
 * the body.  Its own triggers keep it in step; 'rebuild' indexes the articles
 * an existing database already holds, so nothing waits for a `kb index`.
 * Idempotent, like the other migrations (a database brought back to an older
 * version number runs it again). */
const char tt_schema_kb_v4[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS kb_fts_grams USING fts5(title, tags, body, "
    "content='kb_articles',"
    "  content_rowid='id', tokenize='ticketty_cjk');"
    "INSERT INTO kb_fts_grams(kb_fts_grams, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)');"
    "CREATE TRIGGER IF NOT EXISTS kb_articles_grams_ai AFTER INSERT ON kb_articles BEGIN"
    "  INSERT INTO kb_fts_grams(rowid, title, tags, body)"
    "    VALUES (new.id, new.title, new.tags, new.body);"
    "END;"
    "CREATE TRIGGER IF NOT EXISTS kb_articles_grams_ad AFTER DELETE ON kb_articles BEGIN"
    "  INSERT INTO kb_fts_grams(kb_fts_grams, rowid, title, tags, body)"
    "    VALUES ('delete', old.id, old.title, old.tags, old.body);"
    "END;"
    "CREATE TRIGGER IF NOT EXISTS kb_articles_grams_au AFTER UPDATE OF title, tags, body ON "
    "kb_articles BEGIN"
    "  INSERT INTO kb_fts_grams(kb_fts_grams, rowid, title, tags, body)"
    "    VALUES ('delete', old.id, old.title, old.tags, old.body);"
    "  INSERT INTO kb_fts_grams(rowid, title, tags, body)"
    "    VALUES (new.id, new.title, new.tags, new.body);"
    "END;"
    "INSERT INTO kb_fts_grams(kb_fts_grams) VALUES ('rebuild');";
