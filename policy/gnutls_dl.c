#include "config.h"
#include "policy/gnutls_dl.h"

#ifdef HAVE_GNUTLS

#include "base/dlib.h"

static tvc_gnutls_api api;

#define SYM(f) {"gnutls_" #f, (void **)&api.f}

static const tvc_dlsym syms[] = {
    SYM(check_version), SYM(strerror), SYM(priority_init2), SYM(priority_deinit),
    SYM(priority_protocol_list), SYM(priority_get_cipher_suite_index),
    SYM(cipher_suite_info), SYM(priority_group_list), SYM(group_get_name),
    SYM(ecc_curve_get_name),
};

/* The SONAME the build linked against (Debian's libgnutls30). */
static tvc_dlib lib = TVC_DLIB_INIT("libgnutls.so.30", syms);

const tvc_gnutls_api *tvc_gnutls_dl(const char **why)
{
    return tvc_dlib_load(&lib, why) == 0 ? &api : NULL;
}

const char *tvc_gnutls_dl_failed(void)
{
    return tvc_dlib_failed(&lib);
}

#else

const char *tvc_gnutls_dl_failed(void)
{
    return NULL;
}

#endif
