/* SPDX-License-Identifier: MIT */
/* emit_zeek.c: formats flows as Zeek conn.log TSV records (see
 * emit_zeek.h) with the wbuf formatters.  Owns no memory. */
#include "gen/emit_zeek.h"

#include <stdio.h>
#include <string.h>

static const char header[] =
	"#separator \\x09\n"
	"#set_separator\t,\n"
	"#empty_field\t(empty)\n"
	"#unset_field\t-\n"
	"#path\tconn\n";
static const char fields[] =
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto"
	"\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig"
	"\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes"
	"\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n"
	"#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval"
	"\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount"
	"\tcount\tset[string]\n";

static const char b62[] =
	"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* "2026-11-22-00-00-00" (Zeek's #open/#close form), local to tz. */
static void local_stamp(ash_tz *tz, int64_t us, char *buf, size_t cap)
{
	int64_t sec = us / 1000000;
	ash_civil c;
	ash_epoch_to_civil(sec + ash_tz_offset_at(tz, sec), &c);
	snprintf(buf, cap, "%04d-%02d-%02d-%02d-%02d-%02d", c.year, c.mon, c.day,
		 c.hour, c.min, c.sec);
}

void ash_emit_zeek_header(ash_emit_zeek *e, ash_wbuf *w, ash_tz *tz,
			  int64_t open_us)
{
	char buf[64];
	e->w = w;
	e->records = 0;
	ash_wbuf_put(w, header, sizeof header - 1);
	local_stamp(tz, open_us, buf, sizeof buf);
	ash_wbuf_put(w, "#open\t", 6);
	ash_wbuf_put(w, buf, strlen(buf));
	ash_wbuf_put(w, "\n", 1);
	ash_wbuf_put(w, fields, sizeof fields - 1);
}

void ash_emit_zeek_footer(ash_emit_zeek *e, ash_tz *tz, int64_t close_us)
{
	char buf[64];
	local_stamp(tz, close_us, buf, sizeof buf);
	ash_wbuf_put(e->w, "#close\t", 7);
	ash_wbuf_put(e->w, buf, strlen(buf));
	ash_wbuf_put(e->w, "\n", 1);
}

#define LIT(p, s) (memcpy((p), (s), sizeof(s) - 1), (p) + sizeof(s) - 1)

static char *uid(char *p, const uint64_t u[2])
{
	uint64_t a = u[0], b = u[1];
	*p++ = 'C';
	for (int i = 0; i < 10; i++, a >>= 6)
		*p++ = b62[(a & 63) % 62];
	for (int i = 0; i < 7; i++, b >>= 6)
		*p++ = b62[(b & 63) % 62];
	return p;
}

static const char *history(const ash_flow *f)
{
	if (f->proto == 17)
		return f->state == ASH_ST_SF ? "Dd" : "D";
	if (f->state == ASH_ST_S0)
		return "S";
	if (f->state == ASH_ST_REJ)
		return "Sr";
	return "ShADadFf";
}

static char *counts(char *p, const ash_flow *f)
{
	uint64_t oh = f->proto == 6 ? (f->ttl > 64 ? 40 : 52) : 28;
	uint64_t rh = f->proto == 6 ? 52 : 28;
	p = ash_fmt_u64(p, f->opkts);
	*p++ = '\t';
	if (f->proto == 6 && f->state == ASH_ST_S0)
		oh = f->len0; /* bare SYNs: the logged first packet's length */
	p = ash_fmt_u64(p, f->obytes + f->opkts * oh);
	*p++ = '\t';
	p = ash_fmt_u64(p, f->rpkts);
	*p++ = '\t';
	p = ash_fmt_u64(p, f->rbytes + f->rpkts * rh);
	return LIT(p, "\t-\n");
}

void ash_emit_zeek_flow(ash_emit_zeek *e, const ash_flow *f)
{
	char *p = ash_wbuf_reserve(e->w, ASH_WBUF_LINE_MAX);
	p = ash_fmt_us(p, (uint64_t)f->ts);
	*p++ = '\t';
	p = uid(p, f->uid);
	*p++ = '\t';
	p = ash_fmt_ipv4(p, f->src);
	*p++ = '\t';
	p = ash_fmt_u64(p, f->sport);
	*p++ = '\t';
	p = ash_fmt_ipv4(p, f->dst);
	*p++ = '\t';
	p = ash_fmt_u64(p, f->dport);
	p = f->proto == 6 ? LIT(p, "\ttcp\t") : LIT(p, "\tudp\t");
	p = ash_fmt_str(p, ash_flows_service_name(f->service));
	*p++ = '\t';
	if (f->opkts + f->rpkts <= 1) {
		p = LIT(p, "-\t-\t-\t");
	} else {
		p = ash_fmt_us(p, (uint64_t)f->dur);
		*p++ = '\t';
		p = ash_fmt_u64(p, f->obytes);
		*p++ = '\t';
		p = ash_fmt_u64(p, f->rbytes);
		*p++ = '\t';
	}
	p = f->state == ASH_ST_SF ? LIT(p, "SF\t")
	    : f->state == ASH_ST_S0 ? LIT(p, "S0\t") : LIT(p, "REJ\t");
	*p++ = f->in_z != ASH_Z_INET ? 'T' : 'F';
	*p++ = '\t';
	*p++ = f->out_z != ASH_Z_INET ? 'T' : 'F';
	p = LIT(p, "\t0\t");
	p = ash_fmt_str(p, history(f));
	*p++ = '\t';
	p = counts(p, f);
	ash_wbuf_commit(e->w, p);
	e->records++;
}
