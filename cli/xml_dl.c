#include "config.h"
#include "cli/xml_dl.h"

#include "base/dlib.h"

static tvc_xml_api api;

#define SYM(f) {"xml" #f, (void **)&api.f}

static const tvc_dlsym syms[] = {
    SYM(BufferCreate), SYM(BufferFree), SYM(BufferContent), SYM(BufferLength),
    SYM(BufferSetAllocationScheme), SYM(NewTextWriterMemory), SYM(FreeTextWriter),
    SYM(TextWriterSetIndent), SYM(TextWriterSetIndentString),
    SYM(TextWriterStartDocument), SYM(TextWriterEndDocument),
    SYM(TextWriterStartElement), SYM(TextWriterEndElement),
    SYM(TextWriterWriteAttribute), SYM(TextWriterWriteString),
};

/* The SONAME the build linked against (Debian's libxml2). */
static tvc_dlib lib = TVC_DLIB_INIT("libxml2.so.2", syms);

const tvc_xml_api *tvc_xml_dl(const char **why)
{
    return tvc_dlib_load(&lib, why) == 0 ? &api : NULL;
}
