/* SPDX-License-Identifier: MIT */
/* svg.c: inline SVG charts (see svg.h).  Coordinates are in a fixed
 * viewBox; the element scales to the page width. */
#include "report/svg.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "report/escape.h"
#include "report/units.h"

#define W 800.0
#define H 260.0
#define ML 72.0  /* left margin: y labels */
#define MR 12.0
#define MT 26.0  /* top: window label */
#define MB 44.0  /* bottom: time labels and axis label */

#define C_LINE "#1f4e79"
#define C_AREA "#9dc3e6"
#define C_MARK "#c0392b"
#define C_GRID "#d0d0d0"
#define C_TEXT "#333333"

static void open_svg(ash_strbuf *b, double w, double h, const char *title)
{
	ash_strbuf_fmt(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" "
			  "width=\"100%%\" role=\"img\" aria-label=\"", w, h);
	ash_esc_html_str(b, title, 0);
	ash_strbuf_puts(b, "\" font-family=\"sans-serif\" font-size=\"11\">"
			   "<title>");
	ash_esc_html_str(b, title, 0);
	ash_strbuf_puts(b, "</title>\n");
}

/* Smallest 1, 2 or 5 times a power of ten at least v (v > 0). */
static uint64_t nice_ceil(uint64_t v)
{
	uint64_t p = 1;
	while (p <= UINT64_MAX / 10 && p * 10 < v)
		p *= 10;
	if (v <= p)
		return p;
	if (p <= UINT64_MAX / 2 && v <= 2 * p)
		return 2 * p;
	if (p <= UINT64_MAX / 5 && v <= 5 * p)
		return 5 * p;
	return p <= UINT64_MAX / 10 ? 10 * p : UINT64_MAX;
}

static void label_num(char *buf, size_t cap, uint64_t v, bool bytes)
{
	if (bytes)
		ash_units_bytes(v, buf, cap);
	else
		ash_units_short(v, buf, cap);
}

/* Label interval (seconds): the smallest of a fixed list leaving at most
 * 8 labels over span seconds. */
static int64_t tick_every(int64_t span)
{
	static const int64_t c[] = {60, 300, 900, 1800, 3600, 7200, 10800,
		21600, 43200, 86400, 172800, 604800, 2592000};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		if (span / c[i] <= 8)
			return c[i];
	return span / 8 + 1;
}

/* The series summed down to at most ASH_SVG_MAX_COLS columns. */
typedef struct cols {
	int64_t t0, t1;     /* span, us */
	uint64_t *v;
	size_t n;
	uint64_t max;
} cols;

static void make_cols(const ash_svg_series_in *in, cols *c)
{
	size_t f = (in->n + ASH_SVG_MAX_COLS - 1) / ASH_SVG_MAX_COLS;
	c->n = (in->n + f - 1) / f;
	c->v = ash_calloc(c->n, sizeof *c->v);
	c->max = 0;
	for (size_t i = 0; i < in->n; i++) {
		uint64_t *d = &c->v[i / f];
		*d = *d > UINT64_MAX - in->v[i] ? UINT64_MAX : *d + in->v[i];
	}
	for (size_t i = 0; i < c->n; i++)
		c->max = c->v[i] > c->max ? c->v[i] : c->max;
	c->t0 = in->t[0];
	c->t1 = in->t[in->n - 1] + in->step;
}

static double xpos(const cols *c, int64_t t)
{
	if (t <= c->t0)
		return ML;
	if (t >= c->t1)
		return W - MR;
	return ML + (double)(t - c->t0) / (double)(c->t1 - c->t0) * (W - ML - MR);
}

static void y_axis(ash_strbuf *b, uint64_t ymax, bool bytes)
{
	for (int k = 0; k <= 4; k++) {
		double y = MT + (H - MT - MB) * (1.0 - k / 4.0);
		char lab[ASH_UNITS_LEN];
		label_num(lab, sizeof lab, (uint64_t)((long double)ymax * k / 4), bytes);
		ash_strbuf_fmt(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
				  "stroke=\"" C_GRID "\" stroke-width=\"0.5\"/>"
				  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\""
				  C_TEXT "\">%s</text>\n",
			       ML, y, W - MR, y, ML - 6, y + 4, lab);
	}
}

static void x_axis(ash_strbuf *b, const cols *c, ash_tz *tz)
{
	int64_t s0 = c->t0 / 1000000, s1 = c->t1 / 1000000;
	int64_t every = tick_every(s1 - s0);
	int32_t off = tz ? ash_tz_offset_at(tz, s0) : 0;
	int64_t first = ((s0 + off) / every + ((s0 + off) % every != 0)) * every - off;
	for (int64_t s = first, k = 0; s < s1 && k < 64; s += every, k++) {
		int32_t o = tz ? ash_tz_offset_at(tz, s) : 0;
		ash_civil cv;
		ash_epoch_to_civil(s + o, &cv);
		double x = xpos(c, s * 1000000);
		ash_strbuf_fmt(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
				  "stroke=\"" C_GRID "\" stroke-width=\"0.5\"/>",
			       x, MT, x, H - MB + 4);
		if (every >= 86400 || (cv.hour == 0 && cv.min == 0))
			ash_strbuf_fmt(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
					  "fill=\"" C_TEXT "\">%02d-%02d</text>\n",
				       x, H - MB + 16, cv.mon, cv.day);
		else
			ash_strbuf_fmt(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
					  "fill=\"" C_TEXT "\">%02d:%02d</text>\n",
				       x, H - MB + 16, cv.hour, cv.min);
	}
}

static void window(ash_strbuf *b, const ash_svg_series_in *in, const cols *c)
{
	if (in->mark_to <= in->mark_from || in->mark_to <= c->t0 ||
	    in->mark_from >= c->t1)
		return;
	double x0 = xpos(c, in->mark_from), x1 = xpos(c, in->mark_to);
	if (x1 - x0 < 2)
		x1 = x0 + 2;
	ash_strbuf_fmt(b, "<rect class=\"window\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			  "height=\"%.1f\" fill=\"" C_MARK "\" fill-opacity=\"0.18\" "
			  "stroke=\"" C_MARK "\" stroke-width=\"0.8\"/>\n",
		       x0, MT, x1 - x0, H - MT - MB);
	if (in->mark_label) {
		ash_strbuf_fmt(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
				  "fill=\"" C_MARK "\">",
			       x0 > W / 2 ? x1 : x0, MT - 8, x0 > W / 2 ? "end" : "start");
		ash_esc_html_str(b, in->mark_label, 0);
		ash_strbuf_puts(b, "</text>\n");
	}
}

static void area(ash_strbuf *b, const cols *c, uint64_t ymax)
{
	double base = H - MB, ph = H - MT - MB;
	double cw = (W - ML - MR) / (double)c->n;
	ash_strbuf_fmt(b, "<path class=\"series\" fill=\"" C_AREA "\" stroke=\""
			  C_LINE "\" stroke-width=\"1\" d=\"M%.1f %.1f", ML, base);
	for (size_t i = 0; i < c->n; i++) {
		double y = base - (double)((long double)c->v[i] / ymax) * ph;
		ash_strbuf_fmt(b, "L%.1f %.1fL%.1f %.1f", ML + cw * (double)i, y,
			       ML + cw * (double)(i + 1), y);
	}
	ash_strbuf_fmt(b, "L%.1f %.1fZ\"/>\n", W - MR, base);
}

void ash_svg_series(ash_strbuf *b, const ash_svg_series_in *in)
{
	if (!in->n || in->step <= 0)
		return;
	cols c;
	make_cols(in, &c);
	uint64_t ymax = c.max ? nice_ceil(c.max) : 1;
	open_svg(b, W, H, in->title);
	y_axis(b, ymax, in->bytes);
	window(b, in, &c);
	area(b, &c, ymax);
	x_axis(b, &c, in->tz);
	ash_strbuf_fmt(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			  "stroke=\"" C_TEXT "\" stroke-width=\"1\"/>\n",
		       ML, H - MB, W - MR, H - MB);
	if (in->axis_label) {
		ash_strbuf_fmt(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
				  "fill=\"" C_TEXT "\">", ML + (W - ML - MR) / 2, H - 8);
		ash_esc_html_str(b, in->axis_label, 0);
		ash_strbuf_puts(b, "</text>\n");
	}
	ash_strbuf_puts(b, "</svg>\n");
	free(c.v);
}

/* label cut to at most max characters (UTF-8 aware), "…" when cut */
static void put_label(ash_strbuf *b, const char *s, size_t max)
{
	size_t n = strlen(s), i = 0, chars = 0;
	while (i < n && chars < max) {
		unsigned cp;
		i += ash_utf8_next((const unsigned char *)s + i, n - i, &cp);
		chars++;
	}
	ash_esc_html(b, s, i, 0);
	if (i < n)
		ash_strbuf_puts(b, "\xe2\x80\xa6");
}

void ash_svg_bars(ash_strbuf *b, const ash_svg_bar *bars, size_t n,
		  bool bytes, const char *title)
{
	const double lw = 250, bw = 420, row = 22, top = 8;
	if (!n)
		return;
	if (n > ASH_SVG_MAX_BARS)
		n = ASH_SVG_MAX_BARS;
	uint64_t max = 1;
	for (size_t i = 0; i < n; i++)
		max = bars[i].v > max ? bars[i].v : max;
	double h = top * 2 + row * (double)n;
	open_svg(b, W, h, title);
	for (size_t i = 0; i < n; i++) {
		double y = top + row * (double)i;
		double w = (double)((long double)bars[i].v / max) * bw;
		char val[ASH_UNITS_LEN];
		label_num(val, sizeof val, bars[i].v, bytes);
		ash_strbuf_fmt(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
				  "fill=\"" C_TEXT "\">", lw - 8, y + 15);
		put_label(b, bars[i].label ? bars[i].label : "", 40);
		ash_strbuf_fmt(b, "</text><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
				  "height=\"%.1f\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" "
				  "fill=\"" C_TEXT "\">%s</text>\n",
			       lw, y + 3, w < 1 ? 1 : w, row - 6,
			       bars[i].mark ? C_MARK : C_LINE, lw + (w < 1 ? 1 : w) + 6,
			       y + 15, val);
	}
	ash_strbuf_puts(b, "</svg>\n");
}
