/* SPDX-License-Identifier: EUPL-1.2 */
/* One formatter and one parser of dates, in UTC, without the C library's
 * time zone state (gmtime_r/timegm) or its locale (strftime). */
#include <stdio.h>
#include <string.h>

#include "vigie/date.h"
#include "banned.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse: the date of a day number. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

bool vigie_date_format(char out[VIGIE_DATE_MAX], int64_t when,
		       enum vigie_date_style style)
{
	/* 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z */
	static const int64_t first = -62167219200, last = 253402300799;
	int64_t days, secs, y;
	int m, d, h, mi, s;

	out[0] = '\0';
	if (when < first || when > last)
		return false;
	days = when / 86400;
	secs = when % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	h = (int)(secs / 3600);
	mi = (int)(secs / 60 % 60);
	s = (int)(secs % 60);
	/* The bounds above keep every field to its width. */
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u,
		 ud = (unsigned)d % 100u, uh = (unsigned)h % 100u,
		 umi = (unsigned)mi % 100u, us = (unsigned)s % 100u;

	switch (style) {
	case VIGIE_DATE_DAY:
		snprintf(out, VIGIE_DATE_MAX, "%04u-%02u-%02u", uy, um, ud);
		break;
	case VIGIE_DATE_ISO:
		snprintf(out, VIGIE_DATE_MAX, "%04u-%02u-%02uT%02u:%02u:%02uZ",
			 uy, um, ud, uh, umi, us);
		break;
	case VIGIE_DATE_MINUTE:
		snprintf(out, VIGIE_DATE_MAX, "%04u-%02u-%02u %02u:%02u UTC",
			 uy, um, ud, uh, umi);
		break;
	case VIGIE_DATE_SECOND:
		snprintf(out, VIGIE_DATE_MAX,
			 "%04u-%02u-%02u %02u:%02u:%02u UTC", uy, um, ud, uh,
			 umi, us);
		break;
	default:
		return false;
	}
	return true;
}

/* Exactly n decimal digits at *p. */
static bool digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

int vigie_date_parse(int64_t *when, const char *s, unsigned flags)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h = 23, mi = 59, sec = 59, oh = 0, om = 0, sign = 1;
	const char *p = s;

	if (!s || !digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &d) || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400))))
		return VIGIE_EINVALID;
	if (*p == 'T' || *p == 't' || (*p == ' ' && p[1])) {
		p++;
		sec = 0;
		if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) ||
		    h > 23 || mi > 59)
			return VIGIE_EINVALID;
		if (*p == ':' && (p++, !digits(&p, 2, &sec) || sec > 60))
			return VIGIE_EINVALID;
		if (*p == '.' || *p == ',')
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p++ == '-' ? -1 : 1;
			if (!digits(&p, 2, &oh))
				return VIGIE_EINVALID;
			if (*p == ':')
				p++;
			if (!digits(&p, 2, &om) || oh > 23 || om > 59)
				return VIGIE_EINVALID;
		}
	} else if (!(flags & VIGIE_DATE_DAY_END)) {
		return VIGIE_EINVALID;
	}
	if (*p)
		return VIGIE_EINVALID;
	*when = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
		sign * (oh * 3600 + om * 60);
	return 0;
}
