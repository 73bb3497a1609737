/* emit/template.c: the template reader and expander, and its
 * template-error diagnostic. Each case writes one template into the
 * scratch directory, renders it with a fixed variable table, and compares
 * the text exactly, or the one diagnostic with its location. */
#include "config.h"

#include "emit/template.h"
#include "tests.h"

void tvc_test_template_register(void);

/* The variables every case renders with. Set out of order and twice, so
 * the sorted lookup is exercised too. */
static void vars(tvc_arena *a, tvc_tvars *v)
{
    tvc_tvars_set(a, v, "name", "wrong");
    tvc_tvars_set(a, v, "empty", "");
    tvc_tvars_set(a, v, "cert", "a.pem");
    tvc_tvars_set(a, v, "name", "a.test");
    tvc_tvars_set(a, v, "unset", NULL);
    tvc_tvars_add_line(a, v, "lines", "SSLProtocol -all +TLSv1.3");
    tvc_tvars_add_line(a, v, "lines", "SSLHonorCipherOrder on");
}

typedef struct template_case {
    const char *label;
    const char *text;   /* the template; NULL: no file at all */
    const char *indent;
    const char *want;   /* the expansion; NULL: a template-error */
    unsigned line, col; /* the error's location in the template (0 0: the file) */
    const char *msg;    /* a part of the error's message */
} template_case;

static const template_case cases[] = {
    {"placeholders, drops and a multi-line value",
     "<VirtualHost *:443>\n"
     "    ServerName %{name}\n"
     "    SSLCertificateFile %{cert} # %{name}, 100%\n"
     "    %{lines}\n"
     "    GnuTLSPriorities %{empty}\n"
     "    Drop %{unset} too\n"
     "</VirtualHost>\n",
     "  ",
     "  <VirtualHost *:443>\n"
     "      ServerName a.test\n"
     "      SSLCertificateFile a.pem # a.test, 100%\n"
     "      SSLProtocol -all +TLSv1.3\n"
     "      SSLHonorCipherOrder on\n"
     "  </VirtualHost>\n",
     0, 0, NULL},
    {"no placeholder, no newline at the end", "Text only", "", "Text only\n", 0, 0, NULL},
    {"an empty template", "", "    ", "", 0, 0, NULL},
    {"unknown placeholder", "# head\n  Listen %{port}\n", "", NULL, 2, 10,
     "unknown placeholder '%{port}' in template"},
    {"unknown after a known one", "%{name} %{Name}\n", "", NULL, 1, 9,
     "unknown placeholder '%{Name}'"},
    {"unclosed placeholder", "ServerName a\n\nSSLEngine %{name\n", "", NULL, 3, 11,
     "unclosed placeholder '%{name' in template"},
    {"missing file", NULL, "", NULL, 0, 0, "cannot read template '"},
};

static void test_render(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const template_case *c = &cases[i];
        tt_ctx t;
        if (tt_init(&t) != 0)
            return;
        tt_mkdir(&t, "tmpl/target");
        if (c->text)
            tt_write(&t, "tmpl/target/case.tmpl", c->text);
        tvc_tvars v = {0};
        vars(t.a, &v);
        const char *dir = tt_path(&t, "tmpl");
        const char *got = tvc_template_render(t.a, &t.d, dir, "target", "case", c->indent, &v);
        if (c->want) {
            TT_CHECK(got && strcmp(got, c->want) == 0, "%s: rendered\n%s\nexpected\n%s",
                     c->label, got ? got : "(null)", c->want);
            TT_CHECK(t.d.head == NULL, "%s: no diagnostic, got %s", c->label,
                     tt_diags_text(t.a, &t.d));
        } else {
            const tvc_diag *g = tt_diag(&t.d, "template-error");
            TT_CHECK(got == NULL, "%s: no text when the template is broken", c->label);
            TT_CHECK(tt_count(&t.d, "template-error") == 1 && t.d.head == g,
                     "%s: one template-error and nothing else: %s", c->label,
                     tt_diags_text(t.a, &t.d));
            if (!g)
                goto next;
            TT_CHECK(g->severity == TVC_ERROR, "%s: an error", c->label);
            TT_STREQ(g->loc.file, tt_path(&t, "tmpl/target/case.tmpl"));
            TT_CHECK(g->loc.line == c->line && g->loc.col == c->col,
                     "%s: at %u:%u, expected %u:%u", c->label, g->loc.line, g->loc.col, c->line,
                     c->col);
            TT_CHECK(g->message && strstr(g->message, c->msg), "%s: message '%s' lacks '%s'",
                     c->label, g->message ? g->message : "(null)", c->msg);
        }
    next:
        tt_done(&t);
    }
}

void tvc_test_template_register(void)
{
    CU_pSuite s = CU_add_suite("emit templates", NULL, NULL);
    if (!s)
        return;
    CU_add_test(s, "render and template-error", test_render);
}
