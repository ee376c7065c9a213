/* SPDX-License-Identifier: EUPL-1.2 */
/* The issue tracker's figures: dates of queries, newcomer labels,
 * response times and the summary. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/date.h"
#include "vigie/sys/forge.h"
#include "grow.h"
#include "internal.h"
#include "json.h"
#include "banned.h"

int64_t forge_query_since(int64_t since)
{
	const int64_t week = 7 * 86400;

	return since - (since % week + week) % week;
}

void forge_iso_time(char out[VIGIE_DATE_MAX], int64_t t)
{
	if (!vigie_date_format(out, t, VIGIE_DATE_ISO))
		vigie_date_format(out, 0, VIGIE_DATE_ISO);
}

int64_t vigie_forge_parse_time(const char *s)
{
	int64_t t;

	return vigie_date_parse(&t, s, 0) == 0 ? t : -1;
}


/* ---- newcomer labels ------------------------------------------------------ */

/* Fragments of label names that invite newcomers, lowercase, separators as
 * spaces; English and French. */
static const char *const newcomer_fragments[] = {
	"aide bienvenue",
	"aide souhaitee",
	"aide souhaitée",
	"beginner",
	"bon premier",
	"bonne premiere",
	"bonne première",
	"contributions bienvenues",
	"contributions welcome",
	"debutant",
	"débutant",
	"easy pick",
	"first contribution",
	"first timer",
	"good first",
	"help wanted",
	"newcomer",
	"premiere contribution",
	"première contribution",
	"starter",
};

bool vigie_forge_newcomer_label(const char *name)
{
	char norm[128];
	size_t i, n = 0;

	for (; name && *name && n + 1 < sizeof(norm); name++) {
		unsigned char c = (unsigned char)*name;
		if (strchr("-_:/.", c))
			c = ' ';
		norm[n++] = (char)(c < 0x80 ? tolower(c) : c);
	}
	norm[n] = '\0';
	for (i = 0; i < VIGIE_ARRAY_SIZE(newcomer_fragments); i++)
		if (strstr(norm, newcomer_fragments[i]))
			return true;
	return false;
}

/* ---- tracker maths ----------------------------------------------------- */

bool forge_issues_add(struct forge_issues *l, int64_t number,
		      const char *author, int64_t created, bool closed)
{
	struct forge_issue *is;

	if (vigie_grow(&l->v, &l->alloc, l->n + 1, 64) < 0)
		return false;
	is = &l->v[l->n++];
	is->number = number;
	snprintf(is->author, sizeof(is->author), "%s", author ? author : "");
	is->created = created;
	is->closed = closed;
	is->first_response = -1;
	return true;
}

struct forge_issue *forge_issues_find(struct forge_issues *l, int64_t number)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].number == number)
			return &l->v[i];
	return NULL;
}

void forge_issues_release(struct forge_issues *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

bool forge_login_is_bot(const char *login)
{
	size_t n = login ? strlen(login) : 0;

	return n > 5 && (!strcmp(login + n - 5, "[bot]") ||
			 !strcasecmp(login + n - 4, "-bot") ||
			 !strcasecmp(login + n - 4, "_bot"));
}

void forge_issue_reply(struct forge_issue *is, const char *who, bool bot,
		       int64_t when)
{
	if (!is || !who || bot || forge_login_is_bot(who) || when < 0 ||
	    !strcmp(who, is->author) || when < is->created)
		return;
	if (is->first_response < 0 || when < is->first_response)
		is->first_response = when;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

json_t *forge_tracker_summary(const struct forge_issues *issues, json_t *labels,
			      int window_days)
{
	json_t *t = json_object(), *names = json_array();
	int64_t *delays = NULL;
	size_t i, answered = 0, closed = 0, known = 0;

	if (!t || !names)
		goto fail;
	json_object_set_new(t, "window_days", json_integer(window_days));
	json_object_set_new(t, "opened", json_integer((json_int_t)issues->n));
	if (issues->n) {
		delays = calloc(issues->n, sizeof(*delays));
		if (!delays)
			goto fail;
		for (i = 0; i < issues->n; i++) {
			if (issues->v[i].closed)
				closed++;
			if (issues->v[i].first_response != FORGE_UNKNOWN)
				known++;
			if (issues->v[i].first_response >= 0)
				delays[answered++] = issues->v[i].first_response -
						     issues->v[i].created;
		}
		if (known)
			json_object_set_new(t, "answered_share",
					    json_real((double)answered /
						      (double)known));
		if (known < issues->n)
			json_object_set_new(t, "sampled",
					    json_integer((json_int_t)known));
		json_object_set_new(t, "closed_share",
				    json_real((double)closed / (double)issues->n));
		if (answered) {
			double med;
			qsort(delays, answered, sizeof(*delays), cmp_i64);
			med = answered % 2
				      ? (double)delays[answered / 2]
				      : ((double)delays[answered / 2 - 1] +
					 (double)delays[answered / 2]) / 2;
			json_object_set_new(t, "median_first_response_hours",
					    json_real(med / 3600.0));
		}
	}
	for (i = 0; i < json_array_size(labels); i++) {
		const char *n = json_string_value(
			json_object_get(json_array_get(labels, i), "name"));
		if (n && vigie_forge_newcomer_label(n) &&
		    json_array_size(names) < FORGE_MAX_TOPICS)
			json_array_append_new(names, vigie_json_str(n));
	}
	json_object_set_new(t, "newcomer_labels", names);
	free(delays);
	return t;
fail:
	free(delays);
	json_decref(t);
	json_decref(names);
	return NULL;
}
