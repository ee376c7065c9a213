/* SPDX-License-Identifier: EUPL-1.2 */
/* Commit objects read as they are stored: signatures, parents, title,
 * signed-off-by lines. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "git2_api.h"

#include "vigie/date.h"
#include "vigie/buf.h"
#include "vigie/facts.h"
#include "vigie/i18n.h"
#include "../snapshot/internal.h"
#include "commits.h"
#include "history.h"
#include "walk.h"
#include "identity.h"
#include "json.h"
#include "grow.h"
#include "strmap.h"
#include "banned.h"

const char *hist_line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

bool hist_starts(const char *p, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);

	return (size_t)(end - p) >= n && !memcmp(p, prefix, n);
}

/* "Name <email> 1700000000 +0100" */
struct sig hist_parse_sig(const char *p, const char *end)
{
	struct sig s = { 0 };
	const char *lt = memchr(p, '<', (size_t)(end - p)), *gt, *q;
	int64_t t = 0;

	if (!lt)
		return s;
	gt = memchr(lt, '>', (size_t)(end - lt));
	if (!gt)
		return s;
	s.name = p;
	s.name_len = (size_t)(lt - p);
	while (s.name_len && s.name[s.name_len - 1] == ' ')
		s.name_len--;
	s.email = lt + 1;
	s.email_len = (size_t)(gt - lt - 1);
	for (q = gt + 1; q < end && *q == ' '; q++)
		;
	if (q == end || !isdigit((unsigned char)*q))
		return s;
	for (; q < end && isdigit((unsigned char)*q); q++) {
		if (t > (INT64_MAX - 9) / 10)
			return s;
		t = t * 10 + (*q - '0');
	}
	s.time = t;
	s.ok = true;
	return s;
}

static bool blank(const char *p, const char *e)
{
	for (; p < e; p++)
		if (!isspace((unsigned char)*p))
			return false;
	return true;
}

/*
 * A Signed-off-by trailer: a line of the message's last paragraph, which is
 * not its first (the title is never a trailer).
 */
static bool has_signoff(const char *p, const char *end)
{
	const char *last = NULL, *para = NULL;
	bool in_para = false;
	int paras = 0;

	while (p < end) {
		const char *e = hist_line_end(p, end);
		if (blank(p, e)) {
			in_para = false;
		} else if (!in_para) {
			in_para = true;
			para = p;
			paras++;
		}
		p = e < end ? e + 1 : end;
	}
	if (paras < 2)
		return false;
	for (last = para; last < end;) {
		const char *e = hist_line_end(last, end);
		if (e - last >= 14 && !strncasecmp(last, "signed-off-by:", 14))
			return true;
		last = e < end ? e + 1 : end;
	}
	return false;
}

/* The headers, and the message's trailers when with_message. */
void hist_parse_commit(struct commit *c, const char *data, size_t len,
			 bool with_message)
{
	const char *p = data, *end = data + len;

	memset(c, 0, sizeof(*c));
	c->data = data;
	c->len = len;
	while (p < end && *p != '\n') {
		const char *e = hist_line_end(p, end);
		if (hist_starts(p, e, "parent ")) {
			if (!c->parents)
				c->parents = p;
			c->nparents++;
		} else if (hist_starts(p, e, "author ")) {
			c->author = hist_parse_sig(p + 7, e);
		} else if (hist_starts(p, e, "committer ")) {
			c->committer = hist_parse_sig(p + 10, e);
		} else if (hist_starts(p, e, "gpgsig ") ||
			   hist_starts(p, e, "gpgsig-sha256 ")) {
			c->gpgsig = true;
		}
		p = e < end ? e + 1 : end;
	}
	if (with_message && p < end) {
		const char *m = p + 1;
		/* The title: the first line that is not blank. */
		while (m < end && (*m == '\n' || *m == ' '))
			m++;
		if (m < end) {
			const char *nl = memchr(m, '\n', (size_t)(end - m));
			c->title = m;
			c->title_len = nl ? (size_t)(nl - m) : (size_t)(end - m);
		}
		c->signoff = has_signoff(p + 1, end);
	}
}

/* The committer date alone, to place a commit in the frontier. */
int64_t hist_commit_time(const char *data, size_t len)
{
	const char *p = data, *end = data + len;

	while (p < end && *p != '\n') {
		const char *e = hist_line_end(p, end);
		if (hist_starts(p, e, "committer "))
			return hist_parse_sig(p + 10, e).time;
		p = e < end ? e + 1 : end;
	}
	return 0;
}
