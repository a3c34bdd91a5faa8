/* Time values of a selection (lv_time since "2 weeks ago"): the ISO 8601
 * forms of libdm-report.c (a date alone is the whole day, "2015-07" the
 * month, a time without seconds the minute; +hh:mm time zones), @seconds,
 * and the freeform relative forms of LVM2's lib/report/report.c that
 * lvmreport(7) documents: "N seconds|minutes|hours|days|weeks|months|years
 * ago" (several units may add up: "1 year 3 months ago"), "today",
 * "yesterday". Each value is a range [t1, t2] as LVM2 computes it. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/report/select_int.h"
#include "lvmgr/base/util.h"

static const int days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static int month_days(long month, long year)
{
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days_in_month[month - 1];
}

enum range { R_NONE, R_SECOND, R_MINUTE, R_HOUR, R_DAY, R_MONTH, R_YEAR };

static const char *skip_space(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	return s;
}

/* YYYY-MM-DD, YYYYMMDD, YYYY-MM, YYYYMM, YYYY */
static const char *get_date(const char *str, struct tm *tm, enum range *range)
{
	long n1, n2 = -1, n3 = -1;
	const char *s = str;
	char *end;
	long len = 0;
	enum range r = R_NONE;

	if (!isdigit((unsigned char)*s))
		return NULL;
	n1 = strtol(s, &end, 10);
	if (*end == '-') {
		len += 4 - (end - s);
		s = end + 1;
		if (isdigit((unsigned char)*s)) {
			n2 = strtol(s, &end, 10);
			len += 2 - (end - s);
			if (*end == '-') {
				s = end + 1;
				n3 = strtol(s, &end, 10);
				len += 2 - (end - s);
			}
		}
	}
	len += end - str;
	if (n3 == -1) {
		if (n2 == -1) {
			if (len == 4) {
				r = R_YEAR;
				n3 = n2 = 1;
			} else if (len == 6) {
				r = R_MONTH;
				n3 = 1;
				n2 = n1 % 100;
				n1 /= 100;
			} else if (len == 8) {
				r = R_DAY;
				n3 = n1 % 100;
				n2 = (n1 / 100) % 100;
				n1 /= 10000;
			} else {
				log_error("Incorrect date format.");
				return NULL;
			}
		} else if (len == 7) {
			r = R_MONTH;
			n3 = 1;
		} else {
			log_error("Incorrect date format.");
			return NULL;
		}
	}
	if (n2 < 1 || n2 > 12) {
		log_error("Specified month out of range.");
		return NULL;
	}
	if (n3 < 1 || n3 > month_days(n2, n1)) {
		log_error("Specified day out of range.");
		return NULL;
	}
	tm->tm_year = (int)(n1 - 1900);
	tm->tm_mon = (int)(n2 - 1);
	tm->tm_mday = (int)n3;
	*range = r == R_NONE ? R_DAY : r;
	return skip_space(end);
}

/* hh:mm:ss, hhmmss, hh:mm, hhmm, hh (optional) */
static const char *get_time(const char *str, struct tm *tm, enum range *range)
{
	long n1, n2 = -1, n3 = -1, len = 0;
	const char *s = str;
	char *end;
	enum range r;

	if (!isdigit((unsigned char)*s)) {
		tm->tm_hour = tm->tm_min = tm->tm_sec = 0;
		return skip_space(s);
	}
	n1 = strtol(s, &end, 10);
	if (*end == ':') {
		len += 2 - (end - s);
		s = end + 1;
		if (isdigit((unsigned char)*s)) {
			n2 = strtol(s, &end, 10);
			len += 2 - (end - s);
			if (*end == ':') {
				s = end + 1;
				n3 = strtol(s, &end, 10);
				len += 2 - (end - s);
			}
		}
	}
	len += end - str;
	r = R_SECOND;
	if (n3 == -1) {
		if (n2 == -1) {
			if (len == 2) {
				r = R_HOUR;
				n3 = n2 = 0;
			} else if (len == 4) {
				r = R_MINUTE;
				n3 = 0;
				n2 = n1 % 100;
				n1 /= 100;
			} else if (len == 6) {
				n3 = n1 % 100;
				n2 = (n1 / 100) % 100;
				n1 /= 10000;
			} else {
				log_error("Incorrect time format.");
				return NULL;
			}
		} else if (len == 5) {
			r = R_MINUTE;
			n3 = 0;
		} else {
			log_error("Incorrect time format.");
			return NULL;
		}
	}
	if (n1 < 0 || n1 > 23) {
		log_error("Specified hours out of range.");
		return NULL;
	}
	if (n2 < 0 || n2 > 60) {
		log_error("Specified minutes out of range.");
		return NULL;
	}
	if (n3 < 0 || n3 > 60) {
		log_error("Specified seconds out of range.");
		return NULL;
	}
	if (*range != R_DAY) {
		log_error("Full date specification needed.");
		return NULL;
	}
	tm->tm_hour = (int)n1;
	tm->tm_min = (int)n2;
	tm->tm_sec = (int)n3;
	*range = r;
	return skip_space(end);
}

/* +hh:mm, -hhmm, +hh: the offset from GMT in seconds */
static const char *get_tz(const char *str, bool *given, long *offset)
{
	long n1, n2 = -1, len = 0, sign = 1;
	const char *s = str;
	char *end;

	*given = false;
	*offset = 0;
	if (!isdigit((unsigned char)*s)) {
		if (*s == '+' || *s == '-')
			sign = *s++ == '-' ? -1 : 1;
		else
			return skip_space(s);
	}
	n1 = strtol(s, &end, 10);
	if (*end == ':') {
		len = 2 - (end - s);
		s = end + 1;
		if (isdigit((unsigned char)*s)) {
			n2 = strtol(s, &end, 10);
			len = 2 - (end - s);
		}
	}
	len += end - s;
	if (n2 == -1) {
		if (len == 2)
			n2 = 0;
		else if (len == 4) {
			n2 = n1 % 100;
			n1 /= 100;
		} else
			return NULL;
	}
	if (n2 < 0 || n2 > 60 || n1 < 0 || n1 > 14)
		return NULL;
	*offset = sign * (n1 * 3600 + n2 * 60);
	*given = true;
	return skip_space(end);
}

static long local_tz_offset(time_t t_local)
{
	struct tm g;
	gmtime_r(&t_local, &g);
	time_t t_gmt = mktime(&g);
	if (g.tm_isdst)
		t_gmt -= 3600;
	return (long)(t_local - t_gmt);
}

static int parse_iso(const char *str, struct sel_time *tv)
{
	enum range range = R_NONE;
	struct tm tm = {.tm_isdst = -1};
	bool tz;
	long off;
	const char *s;

	if (!(s = get_date(str, &tm, &range)) || !(s = get_time(s, &tm, &range)) ||
	    !(s = get_tz(s, &tz, &off)) || *s)
		return -EINVAL;
	struct tm up = tm;
	switch (range) {	/* the end of the range: the next unit, less a second */
	case R_SECOND:
		if (up.tm_sec < 59) {
			up.tm_sec++;
			break;
		}
		/* fall through */
	case R_MINUTE:
		if (up.tm_min < 59) {
			up.tm_min++;
			break;
		}
		/* fall through */
	case R_HOUR:
		if (up.tm_hour < 23) {
			up.tm_hour++;
			break;
		}
		/* fall through */
	case R_DAY:
		/* LVM2 passes the 0-based month here; kept for the same days */
		if (up.tm_mday < month_days(up.tm_mon ? up.tm_mon : 12, up.tm_year)) {
			up.tm_mday++;
			break;
		}
		/* fall through */
	case R_MONTH:
		if (up.tm_mon < 11) {
			up.tm_mon++;
			break;
		}
		/* fall through */
	case R_YEAR:
		up.tm_year++;
		break;
	case R_NONE:
		break;
	}
	tv->range = range != R_NONE;
	tv->t1 = mktime(&tm);
	tv->t2 = mktime(&up) - 1;
	if (tz) {
		off -= local_tz_offset((time_t)tv->t1);
		tv->t1 -= off;
		tv->t2 -= off;
	}
	return 0;
}

/* Relative units, smallest first (LVM2's granularity order). */
enum unit { U_SECOND, U_MINUTE, U_HOUR, U_DAY, U_WEEK, U_MONTH, U_YEAR, U_NONE };
static const struct {
	const char *name;
	enum unit u;
	bool plural;
} units[] = {
	{"second", U_SECOND, true}, {"sec", U_SECOND, true}, {"s", U_SECOND, false},
	{"minute", U_MINUTE, true}, {"min", U_MINUTE, true}, {"m", U_MINUTE, false},
	{"hour", U_HOUR, true},	    {"hr", U_HOUR, true},    {"h", U_HOUR, false},
	{"day", U_DAY, true},	    {"week", U_WEEK, true},  {"month", U_MONTH, true},
	{"year", U_YEAR, true},	    {"yr", U_YEAR, true},
};

static enum unit unit_word(const char *w, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		size_t l = strlen(units[i].name);
		if ((n == l || (units[i].plural && n == l + 1 && w[l] == 's')) &&
		    !strncmp(w, units[i].name, l))
			return units[i].u;
	}
	return U_NONE;
}

static int bad_word(const char *w, size_t n)
{
	log_error("Unrecognized string in date/time specification at \"%.*s\".", (int)n, w);
	return -EINVAL;
}

static int parse_freeform(const char *str, time_t now, struct sel_time *tv)
{
	struct tm tm;
	time_t back = 0;
	enum unit min_rel = U_NONE;
	bool ago = false, label = false, pending = false;
	long mult = 0;

	localtime_r(&now, &tm);
	for (const char *s = skip_space(str); *s; s = skip_space(s)) {
		const char *w = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		size_t n = (size_t)(s - w);
		if (ago)	/* nothing may follow "ago" */
			return bad_word(w, n);
		if (isdigit((unsigned char)*w)) {
			char *e;
			errno = 0;
			mult = strtol(w, &e, 10);
			if (e != s || errno || pending)
				return bad_word(w, n);
			pending = true;
			continue;
		}
		if (n == 3 && !strncmp(w, "ago", 3) && min_rel != U_NONE && !pending) {
			ago = true;
			continue;
		}
		if (!pending && !label && min_rel == U_NONE &&
		    ((n == 5 && !strncmp(w, "today", 5)) || (n == 9 && !strncmp(w, "yesterday", 9)))) {
			label = true;
			if (*w == 'y')
				back += 86400;
			continue;
		}
		enum unit u = unit_word(w, n);
		if (u == U_NONE || !pending || label)
			return bad_word(w, n);
		pending = false;
		if (u < min_rel)
			min_rel = u;
		switch (u) {
		case U_SECOND:
			back += mult;
			break;
		case U_MINUTE:
			back += mult * 60;
			break;
		case U_HOUR:
			back += mult * 3600;
			break;
		case U_DAY:
			back += mult * 86400;
			break;
		case U_WEEK:
			back += mult * 7 * 86400;
			break;
		case U_MONTH:	/* as LVM2, including its comparison with tm_mon + 1 */
			tm.tm_year -= (int)(mult / 12);
			if (mult % 12 > tm.tm_mon + 1) {
				tm.tm_year--;
				tm.tm_mon = (int)(12 - mult % 12 + tm.tm_mon);
			} else
				tm.tm_mon -= (int)(mult % 12);
			break;
		case U_YEAR:
			tm.tm_year -= (int)mult;
			break;
		case U_NONE:
			break;
		}
	}
	if (pending || (min_rel != U_NONE && !ago) || (min_rel == U_NONE && !label)) {
		log_error("Incomplete time specification \"%s\".", str);
		return -EINVAL;
	}
	/* A day, or relative days and more: from midnight. */
	if (min_rel == U_NONE || min_rel >= U_DAY)
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	time_t t1 = mktime(&tm) - back, t2 = t1;
	if (min_rel == U_MINUTE)
		t1 -= 61;
	else if (min_rel == U_HOUR)
		t1 -= 3601;
	else if (min_rel >= U_DAY)	/* U_NONE: today, yesterday */
		t2 += 86399;
	struct tm tmp;
	localtime_r(&t1, &tmp);
	if (tmp.tm_isdst)
		t1 -= 3600;
	localtime_r(&t2, &tmp);
	if (tmp.tm_isdst)
		t2 -= 3600;
	tv->range = true;
	tv->t1 = t1;
	tv->t2 = t2;
	return 0;
}

int select_time_parse(const char *s, time_t now, struct sel_time *tv)
{
	if (*s == '@') {
		char *e;
		errno = 0;
		unsigned long long t = strtoull(s + 1, &e, 10);
		if (e == s + 1 || *e || errno)
			return -EINVAL;
		tv->range = false;
		tv->t1 = (int64_t)t;
		tv->t2 = 0;
		return 0;
	}
	for (const char *p = s; *p; p++)
		if (isalpha((unsigned char)*p))
			return parse_freeform(s, now, tv);
	return parse_iso(s, tv);
}
