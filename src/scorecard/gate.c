/* SPDX-License-Identifier: EUPL-1.2 */
/* Release gates: check a scorecard against scores, required rules and levels. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigie/gate.h"
#include "vigie/i18n.h"
#include "vigie/buf.h"
#include "internal.h"
#include "banned.h"

void vigie_gate_init(struct vigie_gate *gate)
{
	memset(gate, 0, sizeof(*gate));
	gate->fail_under = -1;
	gate->fail_on = -1;
}

/* The minimum score of theme t, or -1 when it has no gate. */
static double theme_minimum(const struct vigie_gate *gate, int t)
{
	size_t i;

	for (i = 0; i < gate->nthemes; i++)
		if ((int)gate->themes[i].theme == t)
			return gate->themes[i].minimum;
	return -1;
}

bool vigie_gate_active(const struct vigie_gate *gate)
{
	size_t i;

	if (gate->fail_under >= 0 || gate->nrequire || gate->fail_on >= 0)
		return true;
	for (i = 0; i < gate->nthemes; i++)
		if (gate->themes[i].minimum >= 0)
			return true;
	return false;
}

static bool parse_score(const char *s, double *out)
{
	char *end;
	long v;

	if (!s || *s < '0' || *s > '9')
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 100)
		return false;
	*out = (double)v;
	return true;
}

int vigie_gate_parse_fail_under(struct vigie_gate *gate, const char *arg,
				struct vigie_error *err)
{
	const char *eq = strchr(arg, '=');
	struct vigie_gate_theme *grown;
	char theme[32];
	double v;
	size_t i;
	int t;

	if (!eq) {
		if (!parse_score(arg, &v))
			return vigie_error_set(err, VIGIE_EINVALID, NULL,
					       N_("--fail-under takes a score from 0 to 100, "
					       "or THEME=SCORE"));
		gate->fail_under = v;
		return 0;
	}
	if ((size_t)(eq - arg) >= sizeof(theme))
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       N_("--fail-under: unknown theme"));
	memcpy(theme, arg, (size_t)(eq - arg));
	theme[eq - arg] = '\0';
	t = vigie_theme_parse(theme);
	if (t < 0)
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       N_("--fail-under: unknown theme '%s' (understand, "
				       "identify, produce, maintain, fund, disseminate)"),
				       theme);
	if (!parse_score(eq + 1, &v))
		return vigie_error_set(err, VIGIE_EINVALID, NULL,
				       N_("--fail-under %s= takes a score from 0 to 100"),
				       theme);
	for (i = 0; i < gate->nthemes; i++)
		if ((int)gate->themes[i].theme == t) {
			gate->themes[i].minimum = v;
			return 0;
		}
	grown = realloc(gate->themes, (gate->nthemes + 1) * sizeof(*grown));
	if (!grown)
		return vigie_error_set(err, VIGIE_ENOMEM, NULL, N_("out of memory"));
	gate->themes = grown;
	gate->themes[gate->nthemes].theme = (enum vigie_theme)t;
	gate->themes[gate->nthemes++].minimum = v;
	return 0;
}

int vigie_gate_parse_fail_on(struct vigie_gate *gate, const char *arg,
			     struct vigie_error *err)
{
	int l;

	for (l = 0; l < VIGIE_LEVEL_COUNT; l++)
		if (!strcmp(arg, vigie_level_name((enum vigie_level)l))) {
			gate->fail_on = l;
			return 0;
		}
	return vigie_error_set(err, VIGIE_EINVALID, NULL,
			       N_("--fail-on takes error, warning or note"));
}

int vigie_gate_require(struct vigie_gate *gate, const char *rule_id,
		       struct vigie_error *err)
{
	const char **grown;

	if (gate->nrequire == VIGIE_GATE_MAX_REQUIRE)
		return vigie_error_set(err, VIGIE_ELIMIT, NULL,
				       N_("too many required rules (at most %d)"),
				       VIGIE_GATE_MAX_REQUIRE);
	grown = realloc(gate->require, (gate->nrequire + 1) * sizeof(*grown));
	if (!grown)
		return vigie_error_set(err, VIGIE_ENOMEM, NULL, N_("out of memory"));
	gate->require = grown;
	gate->require[gate->nrequire++] = rule_id;
	return 0;
}

void vigie_gate_release(struct vigie_gate *gate)
{
	if (!gate)
		return;
	free(gate->require);
	free(gate->themes);
	vigie_gate_init(gate);
}

static const struct vigie_result *find_result(const struct vigie_scorecard *sc,
					      const char *id)
{
	size_t i;

	for (i = 0; i < sc->count; i++)
		if (!strcmp(sc->results[i].rule->id, id))
			return &sc->results[i];
	return NULL;
}

/* Record why a gate failed (why may be NULL) and return 1. */
static int failed(struct vigie_error *why, int code, const char *fmt, ...)
	VIGIE_PRINTF(3, 4);

static int failed(struct vigie_error *why, int code, const char *fmt, ...)
{
	va_list ap;

	if (!why)
		return 1;
	va_start(ap, fmt);
	vigie_error_vset(why, code, NULL, fmt, ap);
	va_end(ap);
	return 1;
}

/* Does the rule count against --fail-on? */
static bool is_finding(const struct vigie_result *r)
{
	return r->status == VIGIE_STATUS_FAIL || r->status == VIGIE_STATUS_PARTIAL;
}

static int check_levels(const struct vigie_gate *gate,
			const struct vigie_scorecard *sc, struct vigie_error *why)
{
	struct vigie_buf ids = VIGIE_BUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < sc->count; i++) {
		const struct vigie_result *r = &sc->results[i];
		if (!is_finding(r) || (int)r->rule->level > gate->fail_on)
			continue;
		if (n < 5)
			vigie_buf_printf(&ids, "%s%s (%s)", n ? ", " : "",
					 r->rule->id,
					 vigie_level_name(r->rule->level));
		n++;
	}
	if (!n)
		return 0;
	if (n > 5)
		vigie_buf_puts(&ids, ", ...");
	/* Whole sentences, singular and plural, so that they translate. */
	if (n == 1)
		failed(why, VIGIE_EINVALID, N_("1 rule of level %s or worse fails: %s"),
		       vigie_level_name((enum vigie_level)gate->fail_on), ids.ptr);
	else
		failed(why, VIGIE_EINVALID, N_("%zu rules of level %s or worse fail: %s"),
		       n, vigie_level_name((enum vigie_level)gate->fail_on), ids.ptr);
	vigie_buf_release(&ids);
	return 1;
}

int vigie_gate_check(const struct vigie_gate *gate,
		     const struct vigie_scorecard *sc, struct vigie_error *why)
{
	size_t i;
	int t;

	if (gate->fail_under >= 0 && sc->overall >= 0 &&
	    sc->overall < gate->fail_under)
		return failed(why, VIGIE_EINVALID,
			      N_("overall score %.0f is under %.0f"), sc->overall,
			      gate->fail_under);
	/* the themes in the guide's order, whatever the gate's */
	for (t = 0; t < VIGIE_THEME_COUNT; t++) {
		double min = theme_minimum(gate, t), s;
		if (min < 0)
			continue;
		s = vigie_scorecard_theme_score(sc, (enum vigie_theme)t);
		if (s >= 0 && s < min)
			return failed(why, VIGIE_EINVALID,
				      N_("theme '%s' score %.0f is under %.0f"),
				      vigie_theme_name((enum vigie_theme)t), s,
				      min);
	}
	for (i = 0; i < gate->nrequire; i++) {
		const struct vigie_result *r = find_result(sc, gate->require[i]);
		if (!r)
			return failed(why, VIGIE_ENOTFOUND,
				      N_("required rule '%s' is not in the loaded packs"),
				      gate->require[i]);
		if (r->status != VIGIE_STATUS_PASS &&
		    r->status != VIGIE_STATUS_WAIVED)
			return failed(why, VIGIE_EINVALID, N_("required rule '%s' is %s"),
				      gate->require[i],
				      vigie_status_name(r->status));
	}
	if (gate->fail_on >= 0)
		return check_levels(gate, sc, why);
	return 0;
}

/* What fixing the result would add to its theme's and the overall sum. */
static double gain(const struct vigie_result *r)
{
	if (r->status != VIGIE_STATUS_FAIL && r->status != VIGIE_STATUS_PARTIAL)
		return 0;
	return r->rule->weight * (1.0 - r->score);
}

/* Largest gain first; ties by rule id, so the advice is stable. */
static int by_gain(const void *a, const void *b)
{
	const struct vigie_result *x = *(const struct vigie_result *const *)a;
	const struct vigie_result *y = *(const struct vigie_result *const *)b;
	double gx = gain(x), gy = gain(y);

	if (gx != gy)
		return gx < gy ? 1 : -1;
	return strcmp(x->rule->id, y->rule->id);
}

int vigie_gate_reach(struct vigie_buf *out, const struct vigie_gate *gate,
		     const struct vigie_scorecard *sc)
{
	struct score_sums s;
	const struct vigie_result **order = NULL;
	bool *chosen = NULL;
	size_t i, n = 0, nchosen = 0;
	int t, rc = 0;

	score_sums(&s, sc);
	order = calloc(sc->count ? sc->count : 1, sizeof(*order));
	chosen = calloc(sc->count ? sc->count : 1, sizeof(*chosen));
	if (!order || !chosen) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < sc->count; i++)
		if (gain(&sc->results[i]) > 0)
			order[n++] = &sc->results[i];
	qsort(order, n, sizeof(*order), by_gain);
	/* Each theme under its gate takes its own largest gains first... */
	for (t = 0; t < VIGIE_THEME_COUNT; t++) {
		double min = theme_minimum(gate, t);
		if (min < 0 || s.weight[t] <= 0)
			continue;
		for (i = 0; i < n && score_of(s.sum[t], s.weight[t]) < min;
		     i++) {
			if (chosen[i] || (int)order[i]->rule->theme != t)
				continue;
			chosen[i] = true;
			nchosen++;
			s.sum[t] += gain(order[i]);
			s.all += gain(order[i]);
		}
	}
	/* ...then the overall score takes the largest that are left. */
	if (gate->fail_under >= 0 && s.all_weight > 0)
		for (i = 0; i < n && score_of(s.all, s.all_weight) < gate->fail_under;
		     i++) {
			if (chosen[i])
				continue;
			chosen[i] = true;
			nchosen++;
			s.all += gain(order[i]);
		}
	for (i = 0, nchosen = 0; i < n && rc == 0; i++)
		if (chosen[i])
			rc = vigie_buf_printf(out, "%s%s", nchosen++ ? ", " : "",
					      order[i]->rule->id);
out:
	free(order);
	free(chosen);
	return rc < 0 ? -1 : (int)nchosen;
}
