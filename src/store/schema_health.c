/*
 * schema_health.c: tables of the health module (owned by that module; part of
 * schema version 1 until the first release, later changes are new migrations).
 */
const char tt_schema_health[] = "";
