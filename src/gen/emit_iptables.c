/* SPDX-License-Identifier: MIT */
/* emit_iptables.c: formats flows as iptables LOG syslog lines (see
 * emit_iptables.h) with the wbuf formatters; the syslog stamp is made once
 * per second of log time.  Owns no memory. */
#include "gen/emit_iptables.h"

#include <string.h>

static const char *const ifname[ASH_Z_N] = {"eth0", "eth1", "eth2", "eth3"};
static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void ash_emit_iptables_init(ash_emit_ipt *e, ash_wbuf *w, ash_tz *tz,
			    const char *host, int64_t boot_us)
{
	memset(e, 0, sizeof *e);
	e->w = w, e->tz = tz, e->boot_us = boot_us;
	e->sec = INT64_MIN;
	e->nhost = strlen(host);
	if (e->nhost >= sizeof e->host)
		e->nhost = sizeof e->host - 1;
	memcpy(e->host, host, e->nhost);
}

/* "Mmm dd hh:mm:ss HOST kernel: [" for UTC second sec. */
static void stamp(ash_emit_ipt *e, int64_t sec)
{
	ash_civil c;
	ash_epoch_to_civil(sec + ash_tz_offset_at(e->tz, sec), &c);
	char *p = e->stamp;
	memcpy(p, months[(c.mon - 1) % 12], 3);
	p += 3;
	*p++ = ' ';
	*p++ = c.day < 10 ? ' ' : (char)('0' + c.day / 10);
	*p++ = (char)('0' + c.day % 10);
	*p++ = ' ';
	p = ash_fmt_2d(p, (unsigned)c.hour);
	*p++ = ':';
	p = ash_fmt_2d(p, (unsigned)c.min);
	*p++ = ':';
	p = ash_fmt_2d(p, (unsigned)c.sec);
	*p++ = ' ';
	memcpy(p, e->host, e->nhost);
	p += e->nhost;
	p = ash_fmt_str(p, " kernel: [");
	e->nstamp = (size_t)(p - e->stamp);
	e->sec = sec;
}

#define LIT(p, s) (memcpy((p), (s), sizeof(s) - 1), (p) + sizeof(s) - 1)

static char *l4(char *p, const ash_flow *f)
{
	if (f->proto == 6) {
		p = LIT(p, "PROTO=TCP SPT=");
		p = ash_fmt_u64(p, f->sport);
		p = LIT(p, " DPT=");
		p = ash_fmt_u64(p, f->dport);
		p = LIT(p, " WINDOW=");
		p = ash_fmt_u64(p, f->win);
		return LIT(p, " RES=0x00 SYN URGP=0 ");
	}
	p = LIT(p, "PROTO=UDP SPT=");
	p = ash_fmt_u64(p, f->sport);
	p = LIT(p, " DPT=");
	p = ash_fmt_u64(p, f->dport);
	p = LIT(p, " LEN=");
	p = ash_fmt_u64(p, (uint64_t)f->len0 - 20);
	*p++ = ' ';
	return p;
}

void ash_emit_iptables_flow(ash_emit_ipt *e, const ash_flow *f)
{
	int64_t sec = f->ts / 1000000;
	if (sec != e->sec)
		stamp(e, sec);
	char *p = ash_wbuf_reserve(e->w, ASH_WBUF_LINE_MAX);
	memcpy(p, e->stamp, e->nstamp);
	p += e->nstamp;
	uint64_t up = (uint64_t)(f->ts - e->boot_us);
	p = ash_fmt_u64_pad(p, up / 1000000, 5, ' ');
	*p++ = '.';
	p = ash_fmt_6d(p, (unsigned)(up % 1000000));
	p = f->drop ? LIT(p, "] FW-DROP IN=") : LIT(p, "] FW-ACCEPT IN=");
	p = LIT(p, "eth");
	*p++ = (char)('0' + f->in_z);
	p = LIT(p, " OUT=");
	p = ash_fmt_str(p, ifname[f->out_z % ASH_Z_N]);
	p = LIT(p, " SRC=");
	p = ash_fmt_ipv4(p, f->src);
	p = LIT(p, " DST=");
	p = ash_fmt_ipv4(p, f->dst);
	p = LIT(p, " LEN=");
	p = ash_fmt_u64(p, f->len0);
	p = LIT(p, " TOS=0x00 PREC=0x00 TTL=");
	p = ash_fmt_u64(p, f->ttl);
	p = LIT(p, " ID=");
	p = ash_fmt_u64(p, f->ip_id);
	p = f->df ? LIT(p, " DF ") : LIT(p, " ");
	p = l4(p, f);
	*p++ = '\n';
	ash_wbuf_commit(e->w, p);
	e->lines++;
	if (f->drop)
		e->drop++;
	else
		e->accept++;
}
