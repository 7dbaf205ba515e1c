/*
 * schema_kb.c: tables of the kb module (owned by that module; part of
 * schema version 1 until the first release, later changes are new migrations).
 */
const char tt_schema_kb[] = "";
