/* SPDX-License-Identifier: GPL-2.0-or-later */
/* metadata.c - OCF 1.1 meta-data via libxml2's xmlTextWriter. */
#include "metadata.h"

#include <errno.h>
#include <string.h>
#include <libxml/xmlwriter.h>

#define OK(x) do { if ((x) < 0) goto fail; } while (0)

static int write_desc(xmlTextWriterPtr w, const char *tag, const char *text)
{
	if (xmlTextWriterStartElement(w, BAD_CAST tag) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "lang", BAD_CAST "en") < 0 ||
	    xmlTextWriterWriteString(w, BAD_CAST text) < 0 || xmlTextWriterEndElement(w) < 0)
		return -1;
	return 0;
}

int sg_metadata_write(FILE *out, const struct sg_agent_info *info)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w;
	int rc = -EIO;

	if (buf == NULL)
		return -ENOMEM;
	w = xmlNewTextWriterMemory(buf, 0);
	if (w == NULL) {
		xmlBufferFree(buf);
		return -ENOMEM;
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	/* no encoding declaration (UTF-8 is XML's default): crmsh parses the
	 * text as a Python str with lxml, which refuses a declared encoding */
	OK(xmlTextWriterStartDocument(w, "1.0", NULL, NULL));
	OK(xmlTextWriterStartElement(w, BAD_CAST "resource-agent"));
	OK(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST info->name));
	OK(xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST info->version));
	OK(xmlTextWriterWriteElement(w, BAD_CAST "version", BAD_CAST "1.1"));
	OK(write_desc(w, "longdesc", info->longdesc));
	OK(write_desc(w, "shortdesc", info->shortdesc));
	OK(xmlTextWriterStartElement(w, BAD_CAST "parameters"));
	for (const struct sg_param_def *p = info->params; p->name; p++) {
		int is_select = !strcmp(p->type, "select");

		OK(xmlTextWriterStartElement(w, BAD_CAST "parameter"));
		OK(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST p->name));
		OK(xmlTextWriterWriteAttribute(w, BAD_CAST "required", BAD_CAST(p->required ? "1" : "0")));
		OK(xmlTextWriterWriteAttribute(w, BAD_CAST "reloadable", BAD_CAST(p->reloadable ? "1" : "0")));
		OK(write_desc(w, "longdesc", p->longdesc));
		OK(write_desc(w, "shortdesc", p->shortdesc));
		OK(xmlTextWriterStartElement(w, BAD_CAST "content"));
		OK(xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST p->type));
		if (p->dflt)
			OK(xmlTextWriterWriteAttribute(w, BAD_CAST "default", BAD_CAST p->dflt));
		if (is_select) {
			for (const char *const *o = p->options; o && *o; o++) {
				OK(xmlTextWriterStartElement(w, BAD_CAST "option"));
				OK(xmlTextWriterWriteAttribute(w, BAD_CAST "value", BAD_CAST *o));
				OK(xmlTextWriterEndElement(w));
			}
		}
		OK(xmlTextWriterEndElement(w)); /* content */
		OK(xmlTextWriterEndElement(w)); /* parameter */
	}
	OK(xmlTextWriterEndElement(w)); /* parameters */
	OK(xmlTextWriterStartElement(w, BAD_CAST "actions"));
	for (const struct sg_action_def *a = info->actions; a->name; a++) {
		OK(xmlTextWriterStartElement(w, BAD_CAST "action"));
		OK(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST a->name));
		OK(xmlTextWriterWriteAttribute(w, BAD_CAST "timeout", BAD_CAST a->timeout));
		if (a->interval)
			OK(xmlTextWriterWriteAttribute(w, BAD_CAST "interval", BAD_CAST a->interval));
		if (a->depth)
			OK(xmlTextWriterWriteAttribute(w, BAD_CAST "depth", BAD_CAST a->depth));
		OK(xmlTextWriterEndElement(w));
	}
	OK(xmlTextWriterEndElement(w)); /* actions */
	OK(xmlTextWriterEndElement(w)); /* resource-agent */
	OK(xmlTextWriterEndDocument(w));
	xmlFreeTextWriter(w);
	w = NULL;
	if (fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), out) == (size_t)xmlBufferLength(buf) &&
	    fflush(out) == 0)
		rc = 0;
	xmlBufferFree(buf);
	return rc;
fail:
	xmlFreeTextWriter(w);
	xmlBufferFree(buf);
	return -EIO;
}
