/* libxml2 (libxml2.so.2) writes --format=junit and nothing else; it is
 * loaded when that format is asked for, not at start: linked, it and the
 * ICU libraries it pulls in cost every run 2.4 MiB of RSS. */
#ifndef TVC_XML_DL_H
#define TVC_XML_DL_H

#include <libxml/xmlwriter.h>

/* The functions the JUnit writer calls, with the prototypes of the
 * headers tlsvhostc was built with. */
typedef struct tvc_xml_api {
    __typeof__(xmlBufferCreate) *BufferCreate;
    __typeof__(xmlBufferFree) *BufferFree;
    __typeof__(xmlBufferContent) *BufferContent;
    __typeof__(xmlBufferLength) *BufferLength;
    __typeof__(xmlBufferSetAllocationScheme) *BufferSetAllocationScheme;
    __typeof__(xmlNewTextWriterMemory) *NewTextWriterMemory;
    __typeof__(xmlFreeTextWriter) *FreeTextWriter;
    __typeof__(xmlTextWriterSetIndent) *TextWriterSetIndent;
    __typeof__(xmlTextWriterSetIndentString) *TextWriterSetIndentString;
    __typeof__(xmlTextWriterStartDocument) *TextWriterStartDocument;
    __typeof__(xmlTextWriterEndDocument) *TextWriterEndDocument;
    __typeof__(xmlTextWriterStartElement) *TextWriterStartElement;
    __typeof__(xmlTextWriterEndElement) *TextWriterEndElement;
    __typeof__(xmlTextWriterWriteAttribute) *TextWriterWriteAttribute;
    __typeof__(xmlTextWriterWriteString) *TextWriterWriteString;
} tvc_xml_api;

/* The loaded library's functions, or NULL with *why saying why it could
 * not be loaded (the same answer for the rest of the process). */
const tvc_xml_api *tvc_xml_dl(const char **why);

#endif
