/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ondemand/xml.c - the part of libxml2 that meta-data uses, loaded on
 * first use (see ondemand.h). */
#include "ondemand.h"

#include <libxml/xmlwriter.h>

static void *lib;
#define SO "libxml2.so.2"
#define W xmlTextWriterPtr

SG_ONDEMAND(lib, SO, xmlBufferPtr, NULL, xmlBufferCreate, (void), ())
SG_ONDEMAND(lib, SO, const xmlChar *, NULL, xmlBufferContent, (const xmlBuffer *b), (b))
SG_ONDEMAND(lib, SO, int, -1, xmlBufferLength, (const xmlBuffer *b), (b))
SG_ONDEMAND(lib, SO, W, NULL, xmlNewTextWriterMemory, (xmlBufferPtr b, int c), (b, c))
SG_ONDEMAND(lib, SO, int, -1, xmlTextWriterSetIndent, (W w, int i), (w, i))
SG_ONDEMAND(lib, SO, int, -1, xmlTextWriterSetIndentString, (W w, const xmlChar *s), (w, s))
SG_ONDEMAND(lib, SO, int, -1, xmlTextWriterStartDocument, (W w, const char *v, const char *e, const char *s),
	    (w, v, e, s))
SG_ONDEMAND(lib, SO, int, -1, xmlTextWriterEndDocument, (W w), (w))
SG_ONDEMAND(lib, SO, int, -1, xmlTextWriterStartElement, (W w, const xmlChar *n), (w, n))
SG_ONDEMAND(lib, SO, int, -1, xmlTextWriterEndElement, (W w), (w))
SG_ONDEMAND(lib, SO, int, -1, xmlTextWriterWriteAttribute, (W w, const xmlChar *n, const xmlChar *v), (w, n, v))
SG_ONDEMAND(lib, SO, int, -1, xmlTextWriterWriteElement, (W w, const xmlChar *n, const xmlChar *v), (w, n, v))
SG_ONDEMAND(lib, SO, int, -1, xmlTextWriterWriteString, (W w, const xmlChar *s), (w, s))

/* the two functions returning void */
void xmlBufferFree(xmlBufferPtr b)
{
	static void (*fn)(xmlBufferPtr);

	if (fn == NULL)
		*(void **)(&fn) = sg_ondemand_sym(&lib, SO, "xmlBufferFree");
	if (fn)
		fn(b);
}

void xmlFreeTextWriter(W w)
{
	static void (*fn)(W);

	if (fn == NULL)
		*(void **)(&fn) = sg_ondemand_sym(&lib, SO, "xmlFreeTextWriter");
	if (fn)
		fn(w);
}
