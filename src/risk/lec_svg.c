/* SPDX-License-Identifier: MIT */
/* lec_svg.c: loss exceedance curves as one inline SVG chart: log x axis
 * snapped to decades (labels 1k, 10M, ...), linear y axis in percent up to
 * a round ceiling above the highest probability drawn, one polyline per
 * curve, a dashed tick at each curve's ALE, a legend.  Text (title, axis
 * label, legend) is escaped for XML and stripped of control bytes and
 * invalid UTF-8.  Builds a string; writes no file. */
#include "risk/lec_svg.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define SVG_MAX_CURVES 16
#define SVG_LABEL_MAX 200 /* bytes of a label kept */
#define SVG_MAX_POINTS 100000 /* points of one curve */

typedef struct sbuf {
	char *p;
	size_t len, cap;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		ash_grow((void **)&b->p, &b->cap, b->len + n + 1, 1);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void sb_printf(sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(sbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		sb_put(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* Length of a valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned char lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

/* Escaped text: & < > " ' as entities, control bytes and invalid UTF-8 as
 * '?', at most SVG_LABEL_MAX input bytes. */
static void sb_text(sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	if (n > SVG_LABEL_MAX)
		n = SVG_LABEL_MAX;
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		const char *ent = NULL;
		switch (c) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: break;
		}
		if (ent) {
			sb_put(b, ent, strlen(ent));
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			sb_put(b, "?", 1);
			i++;
		} else if (c < 0x80) {
			sb_put(b, (const char *)p + i, 1);
			i++;
		} else {
			size_t l = utf8_len(p + i, n - i);
			sb_put(b, l ? (const char *)p + i : "?", l ? l : 1);
			i += l ? l : 1;
		}
	}
}

/* 1, 10, 100, 1k, ... 1T, then 1e15 style. */
static void amount_label(double v, char *buf, size_t cap)
{
	static const char *const suf[] = {"", "k", "M", "G", "T"};
	int e = (int)floor(log10(v) + 1e-9), s = e >= 0 ? e / 3 : 0;
	if (e < 0 || s > 4) {
		snprintf(buf, cap, "%.0e", v);
		return;
	}
	snprintf(buf, cap, "%.0f%s", v / pow(10, 3 * s), suf[s]);
}

typedef struct frame {
	double x0, y0, w, h;      /* plot area */
	double lx0, lx1, ptop;    /* log10 x range, y top probability */
} frame;

static double px(const frame *f, double x)
{
	return f->x0 + (log10(x) - f->lx0) / (f->lx1 - f->lx0) * f->w;
}

static double py(const frame *f, double p)
{
	return f->y0 + f->h - p / f->ptop * f->h;
}

static int check_curves(const ash_lec_curve *c, size_t n, ash_err *err)
{
	if (n == 0 || n > SVG_MAX_CURVES)
		return ash_errf(err, ASH_EUSAGE,
				"loss exceedance chart: %zu curves (need 1..%d)", n,
				SVG_MAX_CURVES);
	for (size_t i = 0; i < n; i++) {
		if (c[i].n > SVG_MAX_POINTS)
			return ash_errf(err, ASH_ELIMIT,
					"loss exceedance chart: curve %zu: %zu points, limit %d",
					i, c[i].n, SVG_MAX_POINTS);
		if (c[i].n > 0 && (!c[i].x || !c[i].p))
			return ash_errf(err, ASH_EUSAGE,
					"loss exceedance chart: curve %zu: points missing", i);
		for (size_t j = 0; j < c[i].n; j++) {
			if (!(c[i].x[j] > 0) || !isfinite(c[i].x[j]) ||
			    (j > 0 && !(c[i].x[j] > c[i].x[j - 1])))
				return ash_errf(err, ASH_EUSAGE,
						"loss exceedance chart: curve %zu: x[%zu] must be finite, above 0 and above the one before",
						i, j);
			if (!(c[i].p[j] >= 0 && c[i].p[j] <= 1))
				return ash_errf(err, ASH_EUSAGE,
						"loss exceedance chart: curve %zu: p[%zu] outside [0, 1]",
						i, j);
		}
	}
	return 0;
}

static void set_frame(const ash_lec_curve *c, size_t n, frame *f)
{
	double xmin = INFINITY, xmax = 0, pmax = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < c[i].n; j++) {
			if (c[i].x[j] < xmin)
				xmin = c[i].x[j];
			if (c[i].x[j] > xmax)
				xmax = c[i].x[j];
			if (c[i].p[j] > pmax)
				pmax = c[i].p[j];
		}
	if (!(xmax > 0)) {
		xmin = 1;
		xmax = 10;
	}
	f->lx0 = floor(log10(xmin));
	f->lx1 = ceil(log10(xmax));
	if (f->lx1 <= f->lx0)
		f->lx1 = f->lx0 + 1;
	static const double tops[] = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05,
				      0.1, 0.2, 0.5, 1};
	f->ptop = 1;
	for (size_t i = 0; i < sizeof(tops) / sizeof(tops[0]); i++)
		if (pmax <= tops[i]) {
			f->ptop = tops[i];
			break;
		}
}

static void draw_axes(sbuf *b, const frame *f, const ash_lec_svg_opts *o)
{
	char lab[32];
	sb_printf(b, "<g font-family=\"sans-serif\" font-size=\"11\" fill=\"#333\">\n");
	for (int i = 0; i <= 5; i++) {
		double p = f->ptop * i / 5, y = py(f, p);
		sb_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
			  f->x0, y, f->x0 + f->w, y);
		sb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g%%</text>\n",
			  f->x0 - 6, y + 4, p * 100);
	}
	for (double e = f->lx0; e <= f->lx1 + 1e-9; e++) {
		double x = px(f, pow(10, e));
		amount_label(pow(10, e), lab, sizeof(lab));
		sb_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
			  x, f->y0, x, f->y0 + f->h);
		sb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x,
			  f->y0 + f->h + 16);
		sb_text(b, lab);
		sb_printf(b, "</text>\n");
	}
	sb_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#888\"/>\n",
		  f->x0, f->y0, f->w, f->h);
	sb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", f->x0 + f->w / 2,
		  f->y0 + f->h + 34);
	sb_text(b, o && o->x_label ? o->x_label : "annual loss");
	sb_printf(b, "</text>\n<text transform=\"translate(14 %.1f) rotate(-90)\" text-anchor=\"middle\">P(annual loss &gt; x)</text>\n",
		  f->y0 + f->h / 2);
	if (o && o->title) {
		sb_printf(b, "<text x=\"%.1f\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">",
			  f->x0 + f->w / 2);
		sb_text(b, o->title);
		sb_printf(b, "</text>\n");
	}
	sb_printf(b, "</g>\n");
}

static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
				      "#9467bd", "#8c564b", "#e377c2", "#17becf"};

static void draw_curve(sbuf *b, const frame *f, const ash_lec_curve *c, size_t i)
{
	const char *col = colours[i % 8], *dash = i >= 8 ? " stroke-dasharray=\"6 3\"" : "";
	if (c->n > 0) {
		sb_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"",
			  col, dash);
		for (size_t j = 0; j < c->n; j++)
			sb_printf(b, "%s%.1f,%.1f", j ? " " : "", px(f, c->x[j]),
				  py(f, c->p[j] < f->ptop ? c->p[j] : f->ptop));
		sb_printf(b, "\"/>\n");
	}
	if (c->ale > 0 && isfinite(c->ale)) {
		double l = log10(c->ale);
		if (l >= f->lx0 && l <= f->lx1) {
			double x = px(f, c->ale);
			sb_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"3 3\"/>\n",
				  x, f->y0, x, f->y0 + f->h, col);
		}
	}
}

static void draw_legend(sbuf *b, const frame *f, const ash_lec_curve *c, size_t n)
{
	sb_printf(b, "<g font-family=\"sans-serif\" font-size=\"11\" fill=\"#333\">\n");
	for (size_t i = 0; i < n; i++) {
		double y = f->y0 + 14 + 16.0 * (double)i, x = f->x0 + f->w - 180;
		sb_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
			  x, y - 4, x + 18, y - 4, colours[i % 8],
			  i >= 8 ? " stroke-dasharray=\"6 3\"" : "");
		sb_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", x + 24, y);
		sb_text(b, c[i].label ? c[i].label : "");
		if (c[i].n == 0)
			sb_printf(b, " (no loss simulated)");
		sb_printf(b, "</text>\n");
	}
	sb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#666\">dashed: ALE</text>\n</g>\n",
		  f->x0 + f->w - 180, f->y0 + 14 + 16.0 * (double)n);
}

ash_lec_curve ash_lec_curve_of(const ash_fair_stats *s, const char *label)
{
	ash_lec_curve c = {label, s->lec_x, s->lec_p, s->n_lec, s->ale};
	return c;
}

int ash_lec_svg(const ash_lec_curve *c, size_t n, const ash_lec_svg_opts *o,
		char **out, size_t *len, ash_err *err)
{
	int rc = check_curves(c, n, err);
	if (rc)
		return rc;
	unsigned w = o && o->width ? o->width : 640, h = o && o->height ? o->height : 360;
	if (w < 240)
		w = 240;
	if (h < 160)
		h = 160;
	if (w > 4000)
		w = 4000;
	if (h > 4000)
		h = 4000;
	frame f = {64, 28, w - 64 - 16.0, h - 28 - 46.0, 0, 1, 1};
	set_frame(c, n, &f);
	sbuf b = {0};
	sb_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" role=\"img\">\n<title>",
		  w, h, w, h);
	sb_text(&b, o && o->title ? o->title : "loss exceedance curve");
	sb_printf(&b, "</title>\n");
	draw_axes(&b, &f, o);
	for (size_t i = 0; i < n; i++)
		draw_curve(&b, &f, &c[i], i);
	draw_legend(&b, &f, c, n);
	sb_printf(&b, "</svg>\n");
	*out = b.p;
	*len = b.len;
	return 0;
}
