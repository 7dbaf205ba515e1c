/*
 * config_show.c: `ticketty config show`: the effective configuration.
 */
#include <getopt.h>
#include <stdlib.h>

#include "cmd_json.h"
#include "ticketty/cmd.h"
#include "ticketty/util.h"

extern const struct tt_cmd tt_cmd_config_show;

static const char *const type_names[] = {
    [TT_OPT_STRING] = "string", [TT_OPT_INT] = "int",   [TT_OPT_DOUBLE] = "number",
    [TT_OPT_BOOL] = "bool",     [TT_OPT_ENUM] = "enum", [TT_OPT_SECTION] = "section",
};

/* A YAML subtree as JSON: maps as objects, sequences as arrays, scalars as
 * strings (their types are checked by the section's validator, not here). */
static json_t *node_json(const struct tt_conf_node *n)
{
    if (n->kind == TT_CONF_SCALAR)
        return tt_json_str(n->value ? n->value : "");
    json_t *v = n->kind == TT_CONF_MAP ? json_object() : json_array();
    for (size_t i = 0; i < n->n_items; i++) {
        json_t *c = node_json(&n->items[i]);
        if (n->kind == TT_CONF_MAP)
            json_object_set_new(v, n->items[i].key ? n->items[i].key : "", c);
        else
            json_array_append_new(v, c);
    }
    return v;
}

/* A value as its JSON type: numbers and booleans as such, the rest strings. */
static json_t *value_json(const struct tt_config *cfg, const struct tt_option *o, const char *v)
{
    if (!v)
        return json_null();
    if (o->type == TT_OPT_INT)
        return json_integer(strtoll(v, NULL, 10));
    if (o->type == TT_OPT_DOUBLE)
        return json_real(strtod(v, NULL));
    if (o->type == TT_OPT_BOOL)
        return json_boolean(tt_config_bool(cfg, o->name));
    return tt_json_str(v);
}

static int print_json(struct tt_ctx *ctx)
{
    json_t *root = json_object();
    json_object_set_new(root, "file", tt_json_str(tt_config_path(ctx->config)));
    json_object_set_new(root, "database", tt_json_str(ctx->db_path));
    json_object_set_new(root, "knowledge_base", tt_json_str(tt_ctx_kb_path(ctx)));
    json_t *opts = json_array();
    for (size_t i = 0; i < tt_options_count; i++) {
        const struct tt_option *o = &tt_options[i];
        char origin[512];
        tt_config_origin(ctx->config, o->name, origin, sizeof origin);
        json_t *e = json_object();
        json_object_set_new(e, "key", json_string(o->name));
        json_object_set_new(e, "type", json_string(type_names[o->type]));
        if (o->type == TT_OPT_SECTION) {
            const struct tt_conf_node *n = tt_config_section(ctx->config, o->name);
            json_object_set_new(e, "value", n ? node_json(n) : json_null());
        } else {
            json_object_set_new(e, "value",
                                value_json(ctx->config, o, tt_config_str(ctx->config, o->name)));
        }
        json_object_set_new(e, "origin", tt_json_str(origin));
        json_object_set_new(e, "help", tt_json_str(o->help));
        json_array_append_new(opts, e);
    }
    json_object_set_new(root, "options", opts);
    return tt_json_print(root, 0);
}

static int config_show_exec(struct tt_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int json = 0, c;
    tt_getopt_reset();
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c != 'j')
            return tt_cmd_usage(&tt_cmd_config_show, "unknown option '%s'", argv[optind - 1]);
        json = 1;
    }
    if (optind < argc)
        return tt_cmd_usage(&tt_cmd_config_show, "unexpected argument '%s'", argv[optind]);
    if (json)
        return print_json(ctx) < 0 ? TT_EXIT_FAIL : TT_EXIT_OK;
    printf("# database: %s\n# knowledge base: %s\n", ctx->db_path, tt_ctx_kb_path(ctx));
    tt_config_dump(ctx->config, stdout);
    return TT_EXIT_OK;
}

const struct tt_cmd tt_cmd_config_show = {
    .name = "config show",
    .usage = "[--json]",
    .summary = "print the effective configuration with where each value comes from",
    .help = "Every key of the options table is printed as YAML with its value, its origin\n"
            "(file:line or default) and its help text.\n"
            "--json   {file, database, knowledge_base, options: [{key, type, value, origin,\n"
            "          help}]}; value is typed (numbers, booleans), sections are their\n"
            "          subtree (objects and arrays of strings), null when unset",
    .exec = config_show_exec,
};
