/* Translation of a policy into a target module's settings, with a
 * verdict: exact, or precisely what differs. Each translation is checked
 * by expanding the generated settings again with the same engine that
 * reads them (so "exact" is measured, not assumed). The emitters write
 * the settings as their target's directives. */
#ifndef TVC_TRANSLATE_H
#define TVC_TRANSLATE_H

#include "ir/ir.h"
#include "policy/policy.h"

/* What a translated setting or a difference is about. The emitters map
 * a setting to its target's directive; the policy layer never spells one. */
typedef enum {
    TVC_ASPECT_PROTOCOLS,        /* the versions lo..hi (mod_tls: lo and up) */
    TVC_ASPECT_TLS12_CIPHERS,    /* OpenSSL's TLS <= 1.2 cipher list */
    TVC_ASPECT_TLS13_CIPHERS,    /* OpenSSL's TLS 1.3 suite list */
    TVC_ASPECT_CIPHERS_PREFER,   /* rustls: suites to prefer, in order */
    TVC_ASPECT_CIPHERS_SUPPRESS, /* rustls: suites to leave out */
    TVC_ASPECT_ORDER,            /* whose order counts: lo 1 the server's, 0 the client's */
    TVC_ASPECT_PRIORITIES,       /* GnuTLS: versions, suites and order in one string */
    TVC_ASPECT_GROUPS,           /* key-exchange groups */
    TVC_ASPECT_POLICY,           /* differences only: the policy as a whole */
} tvc_aspect;

/* One setting of the target: `args` in the target's own spelling (a
 * suite list, a priority string), or the versions / order in lo and hi. */
typedef struct tvc_setting {
    tvc_aspect aspect;
    const char *args; /* NULL for TVC_ASPECT_PROTOCOLS and TVC_ASPECT_ORDER */
    int lo, hi;
    int exact; /* no difference was measured for what it sets */
} tvc_setting;

/* A difference between what was asked and what the target does: a
 * complete sentence for convert-lossy. */
typedef struct tvc_lossy {
    tvc_aspect aspect;
    const char *message;
} tvc_lossy;

typedef struct tvc_translation {
    /* What to write, in the order the target's directives take. */
    tvc_setting *settings;
    size_t n_settings;
    /* Differences between the source policy and the re-expanded result;
     * empty when exact. */
    tvc_lossy *lossy;
    size_t n_lossy;
    /* How the source's defaults and the target's differ, for the parts
     * left at their default (tvc_policy_translate_set); each a sentence
     * for a convert-defaults note. */
    const char **defaults;
    size_t n_defaults;
    tvc_policy result; /* the re-expanded policy */
} tvc_translation;

/* The setting of `aspect`, NULL when the translation has none. */
tvc_setting *tvc_translation_find(tvc_translation *t, tvc_aspect aspect);

/* Returns 0 when the target can express `in` exactly, 1 when lossy (see
 * out->lossy), -1 when the target cannot express it at all. */
int tvc_policy_translate(tvc_arena *a, const tvc_policy *in, tvc_engine target,
                         tvc_translation *out);

/* The parts of a policy a config sets itself. */
enum {
    TVC_SET_PROTOCOLS = 1u,
    TVC_SET_CIPHERS = 2u,
    TVC_SET_ORDER = 4u,
    TVC_SET_ALL = 7u,
};

/* The same for a policy of which only the `set` parts were configured in
 * the `source` module ("mod_ssl"): a part left at the source's default
 * stays at the target's default, so nothing is written for it and nothing
 * about it is lossy; where the two defaults differ, out->defaults says
 * how. `in` is the source's effective policy, defaults included. A
 * GnuTLS target gets NORMAL with the versions when the ciphers are at
 * their default; the versions of NORMAL when only they are. */
int tvc_policy_translate_set(tvc_arena *a, const tvc_policy *in, unsigned set,
                             const char *source, tvc_engine target, tvc_translation *out);

/* Which parts a GnuTLS priority string really sets (TVC_SET_*): one that
 * only picks versions on NORMAL leaves the ciphers at their default (its
 * suites are NORMAL's, in NORMAL's order, for the versions it enables);
 * versions equal to NORMAL's are the default versions; %SERVER_PRECEDENCE
 * sets the order. -1 when the string cannot be read. */
int tvc_gnutls_sets(tvc_arena *a, const char *prio);

/* Key-exchange groups for a target module, compared by identity (IANA
 * code point, policy/groups.h), not by spelling. */
typedef struct tvc_groups_translation {
    /* The target's names of the groups to write, in order; none when
     * nothing is to be written: the list is the target's built-in one
     * (and `may_omit`), or the target has no setting (mod_tls). */
    const char **names;
    size_t n;
    /* What the target offers differently (TVC_ASPECT_GROUPS). Empty
     * when exact. */
    tvc_lossy *lossy;
    size_t n_lossy;
} tvc_groups_translation;

/* `names` in any module's spelling. `may_omit`: nothing above this level
 * sets groups, so a list equal to the target's built-in one need not be
 * written (below a level that sets its own, it must be). mod_tls cannot
 * set groups: a list equal to rustls's own (X25519, secp256r1, secp384r1,
 * in that order) is exact, any other is lossy. Returns 0 exact, 1 lossy. */
int tvc_groups_translate(tvc_arena *a, const char *const *names, size_t n, tvc_engine target,
                         int may_omit, tvc_groups_translation *out);

#endif
