/* Translation of a policy into a target module's directives, with a
 * verdict: exact, or precisely what differs. Each translation is checked
 * by expanding the generated directives again with the same engine that
 * reads them (so "exact" is measured, not assumed). Used by the emitters. */
#ifndef TVC_TRANSLATE_H
#define TVC_TRANSLATE_H

#include "policy/policy.h"

typedef enum { TVC_TARGET_MODSSL, TVC_TARGET_GNUTLS, TVC_TARGET_MODTLS } tvc_target;

typedef struct tvc_translation {
    /* Directive lines without indentation, e.g. "SSLProtocol -all +TLSv1.2". */
    const char **lines;
    size_t n_lines;
    /* Differences between the source policy and the re-expanded result;
     * empty when exact. Each is a complete sentence for convert-lossy. */
    const char **lossy;
    size_t n_lossy;
    /* How the source's defaults and the target's differ, for the parts
     * left at their default (tvc_policy_translate_set); each a sentence
     * for a convert-defaults note. */
    const char **defaults;
    size_t n_defaults;
    tvc_policy result; /* the re-expanded policy */
} tvc_translation;

/* Returns 0 when the target can express `in` exactly, 1 when lossy (see
 * out->lossy), -1 when the target cannot express it at all. */
int tvc_policy_translate(tvc_arena *a, const tvc_policy *in, tvc_target target,
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
                             const char *source, tvc_target target, tvc_translation *out);

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
    /* What the target offers differently; each a sentence for
     * convert-lossy. Empty when exact. */
    const char **lossy;
    size_t n_lossy;
} tvc_groups_translation;

/* `names` in any module's spelling. `may_omit`: nothing above this level
 * sets groups, so a list equal to the target's built-in one need not be
 * written (below a level that sets its own, it must be). mod_tls cannot
 * set groups: a list equal to rustls's own (X25519, secp256r1, secp384r1,
 * in that order) is exact, any other is lossy. Returns 0 exact, 1 lossy. */
int tvc_groups_translate(tvc_arena *a, const char *const *names, size_t n, tvc_target target,
                         int may_omit, tvc_groups_translation *out);

#endif
