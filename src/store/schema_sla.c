/*
 * schema_sla.c: tables of the sla module (owned by that module; part of
 * schema version 1 until the first release, later changes are new migrations).
 */
const char tt_schema_sla[] = "";
