/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * round() and lround() without libm: the only functions of it vigie
 * called, and a library loaded at every start (0.14 ms and 8 page faults
 * of `vigie --version`, measured on an empty program linked with it and
 * without).
 */
#ifndef VIGIE_UTIL_NUM_H
#define VIGIE_UTIL_NUM_H

/* x rounded to the nearest whole number, halves away from zero, as
 * round(): exact (x - trunc(x) is, below 2^52; from there x is whole). */
static inline double vigie_round(double x)
{
	double a = x < 0 ? -x : x, t;

	if (!(a < 4503599627370496.0) || x == 0) /* 2^52, NaN, -0 */
		return x;
	t = (double)(long long)a;
	if (a - t >= 0.5)
		t += 1.0;
	return x < 0 ? -t : t;
}

/* The same as a long, as lround() (x within a long's range). */
static inline long vigie_lround(double x)
{
	return (long)vigie_round(x);
}

#endif
