#include "config.h"
#include "cli/xml_dl.h"

#include <pthread.h>

#include "base/dlib.h"

/* The SONAME the build linked against (Debian's libxml2). */
#define XML_SONAME "libxml2.so.2"

static tvc_xml_api api;
static int loaded;
static char why_buf[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

#define SYM(f) {"xml" #f, (void **)&api.f}

static void load(void)
{
    static const tvc_dlsym syms[] = {
        SYM(BufferCreate), SYM(BufferFree), SYM(BufferContent), SYM(BufferLength),
        SYM(BufferSetAllocationScheme), SYM(NewTextWriterMemory), SYM(FreeTextWriter),
        SYM(TextWriterSetIndent), SYM(TextWriterSetIndentString),
        SYM(TextWriterStartDocument), SYM(TextWriterEndDocument),
        SYM(TextWriterStartElement), SYM(TextWriterEndElement),
        SYM(TextWriterWriteAttribute), SYM(TextWriterWriteString),
    };
    loaded = tvc_dlib_open(XML_SONAME, syms, sizeof syms / sizeof *syms, why_buf,
                           sizeof why_buf) == 0;
}

const tvc_xml_api *tvc_xml_dl(const char **why)
{
    pthread_once(&once, load);
    if (!loaded && why)
        *why = why_buf;
    return loaded ? &api : NULL;
}
