/*
 * demo_internal.h: what the demo generator's files share (src/core/demo*.c).
 *
 * A scenario is one kind of support conversation: its subjects, the
 * customer's opening message, the agent's replies and internal note, the
 * category, tags and the KB article a bot would suggest.  Templates use the
 * placeholders of tt_demo_expand.
 */
#ifndef TICKETTY_DEMO_INTERNAL_H
#define TICKETTY_DEMO_INTERNAL_H

#include "ticketty/demo.h"

struct tt_demo_scenario {
    const char *category;
    const char *tags;         /* space-separated */
    const char *kb, *kbtitle; /* the help-centre article that answers it */
    int priority_bias;        /* added to the drawn priority: -1 .. +2 */
    const char *subject[3];
    const char *description[2];
    const char *reply[2];   /* the agent's first public reply */
    const char *followup;   /* the customer's answer */
    const char *reply2;     /* the agent's next reply */
    const char *resolution; /* the agent's closing reply */
    const char *note;       /* an internal note */
};

extern const struct tt_demo_scenario tt_demo_scenarios_en[];
extern const size_t tt_demo_scenarios_en_count;
extern const struct tt_demo_scenario tt_demo_scenarios_zh[];
extern const size_t tt_demo_scenarios_zh_count;

/* Hostile subjects and bodies: escape sequences, OSC, bidi overrides. */
extern const char *const tt_demo_hostile_subjects[];
extern const char *const tt_demo_hostile_bodies[];
extern const size_t tt_demo_hostile_count;

/* Short texts used across scenarios. */
struct tt_demo_phrases {
    const char *bot;       /* the bot's auto-reply */
    const char *more_info; /* customer: "any update?" */
    const char *thanks;    /* customer: closing thanks */
    const char *hold_note; /* internal note when put on hold */
    const char *bot_name;
    const char *signoff; /* appended to the agent's public replies */
};
extern const struct tt_demo_phrases tt_demo_phrases_en, tt_demo_phrases_zh;

/* Names. */
extern const char *const tt_demo_first_en[], *const tt_demo_last_en[];
extern const size_t tt_demo_first_en_count, tt_demo_last_en_count;
extern const char *const tt_demo_surname_zh[], *const tt_demo_given_zh[];
extern const char *const tt_demo_surname_zh_pinyin[], *const tt_demo_given_zh_pinyin[];
extern const size_t tt_demo_surname_zh_count, tt_demo_given_zh_count;
extern const char *const tt_demo_org_root[], *const tt_demo_org_suffix[];
extern const size_t tt_demo_org_root_count, tt_demo_org_suffix_count;
extern const char *const tt_demo_org_city_zh[], *const tt_demo_org_word_zh[],
                                                    *const tt_demo_org_word_zh_pinyin[],
                                                        *const tt_demo_org_suffix_zh[];
extern const size_t tt_demo_org_city_zh_count, tt_demo_org_word_zh_count,
    tt_demo_org_suffix_zh_count;
extern const char *const tt_demo_csms[];
extern const size_t tt_demo_csms_count;

#endif
