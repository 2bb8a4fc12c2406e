/* SPDX-License-Identifier: MIT */
/* test_csvmap.c: generic CSV with a column mapping (ingest/csvmap.c): the
 * mapping by numbers and by header names, every time form (epoch units,
 * ISO with offset, slashes, local time across DST both ways), quoted
 * commas, other separators, mapping errors, rejects with reasons, hostile
 * text, and that the sniffer never picks it. */
#include "harness.h"

#include <stdlib.h>

#include "core/tztime.h"
#include "ingest/csvmap.h"
#include "ingest/parser.h"

typedef struct fixture {
	ash_tz *tz;
	ash_parse_opts o;
	void *st;
	ash_rec r;
	const char *why;
} fixture;

static void fx_open(fixture *f, const char *zone, const char *map)
{
	memset(f, 0, sizeof *f);
	if (ash_tz_open(zone, &f->tz, NULL) != 0)
		ash_tz_open("UTC", &f->tz, NULL);
	f->o.tz = f->tz;
	f->o.csv_map = map;
	f->st = ash_csv_parser.open(&f->o);
}

static void fx_close(fixture *f)
{
	ash_csv_parser.close(f->st);
	ash_tz_free(f->tz);
}

static int fx_line(fixture *f, const char *s)
{
	f->why = NULL;
	return ash_csv_parser.line(f->st, s, strlen(s), &f->r, &f->why);
}

static bool str_is(ash_str s, const char *want)
{
	return s.n == strlen(want) && !memcmp(s.p, want, s.n);
}

static bool ip_is(const ash_ip *ip, const char *want)
{
	char buf[ASH_IP_STRLEN];
	ash_ip_format(ip, buf);
	return !strcmp(buf, want);
}

static int64_t utc_us(int y, int mo, int d, int h, int mi, int s)
{
	ash_civil c = {y, mo, d, h, mi, s, 0};
	return ash_civil_to_epoch(&c) * 1000000;
}

static const char num_map[] =
	"time=0,src=2,dst=3,sport=4,dport=5,proto=6,bytes=7,action=8";

TEST(csv_by_numbers_all_fields)
{
	fixture f;
	fx_open(&f, "Asia/Singapore", num_map);
	CHECK_INT(fx_line(&f, "2026-11-24 17:02:11,fw1,10.0.0.5,203.0.113.9,51515,"
			      "443,tcp,1200,ALLOW"),
		  ASH_LINE_RECORD);
	ash_rec *r = &f.r;
	CHECK_INT(r->t_start, utc_us(2026, 11, 24, 9, 2, 11));
	CHECK_INT(r->tz_off, 8 * 3600);
	CHECK(ip_is(&r->src, "10.0.0.5"));
	CHECK(ip_is(&r->dst, "203.0.113.9"));
	CHECK_INT(r->sport, 51515);
	CHECK_INT(r->dport, 443);
	CHECK_INT(r->proto, 6);
	CHECK_INT(r->obytes, 1200);
	CHECK_INT(r->action, ASH_ACT_ALLOW);
	CHECK_INT(r->format, ASH_FMT_CSV);
	CHECK(!(r->have & (ASH_HAVE_RBYTES | ASH_HAVE_OPKTS | ASH_HAVE_END)));
	/* empty optional columns are unknown, not zero */
	CHECK_INT(fx_line(&f, "1764003731,fw1,10.0.0.5,203.0.113.9,,,,,"),
		  ASH_LINE_RECORD);
	CHECK(!(r->have & (ASH_HAVE_SPORT | ASH_HAVE_DPORT | ASH_HAVE_PROTO |
			   ASH_HAVE_OBYTES)));
	CHECK_INT(r->action, ASH_ACT_UNKNOWN);
	/* fewer columns than mapped: optional ones absent */
	CHECK_INT(fx_line(&f, "1764003731,fw1,10.0.0.5,203.0.113.9"), ASH_LINE_RECORD);
	fx_close(&f);
}

TEST(csv_by_header_names_quoted)
{
	fixture f;
	fx_open(&f, "UTC",
		"time=Timestamp,src=Source IP,dst=Destination IP,dport=Dst Port,"
		"proto=Protocol,bytes=Bytes Out,rbytes=Bytes In,packets=Pkts,"
		"rule=Rule,in=Zone In,out=Zone Out,device=Device,end=End");
	CHECK_INT(fx_line(&f, "\"Timestamp\",Device,\"Source IP\",\"Destination IP\","
			      "Dst Port,PROTOCOL,Bytes Out,Bytes In,Pkts,Rule,Zone In,"
			      "Zone Out,End"),
		  ASH_LINE_META);
	CHECK_INT(fx_line(&f, "2026-11-24T17:02:11.250+08:00,\"fw, \"\"edge\"\"\","
			      "2001:db8::5,2001:db8::9,53,udp,80,120,2,"
			      "\"allow, dns\",trust,untrust,2026-11-24T17:02:12+08:00"),
		  ASH_LINE_RECORD);
	ash_rec *r = &f.r;
	CHECK_INT(r->t_start, utc_us(2026, 11, 24, 9, 2, 11) + 250000);
	CHECK_INT(r->t_end, utc_us(2026, 11, 24, 9, 2, 12));
	CHECK(r->have & ASH_HAVE_END);
	CHECK_INT(r->tz_off, 8 * 3600);
	CHECK(ip_is(&r->src, "2001:db8::5"));
	CHECK_INT(r->dport, 53);
	CHECK_INT(r->proto, 17);
	CHECK_INT(r->obytes, 80);
	CHECK_INT(r->rbytes, 120);
	CHECK_INT(r->opkts, 2);
	CHECK(str_is(r->device, "fw, \"edge\""));
	CHECK(str_is(r->rule, "allow, dns"));
	CHECK(str_is(r->in_if, "trust"));
	CHECK(str_is(r->out_if, "untrust"));
	fx_close(&f);
	/* a header lacking a mapped name: every line says so */
	fx_open(&f, "UTC", "time=Time,src=Src,dst=Dst");
	CHECK_INT(fx_line(&f, "Time,Src,Destination"), ASH_LINE_META);
	CHECK_INT(fx_line(&f, "1764003731,10.0.0.1,10.0.0.2"), ASH_LINE_REJECT);
	CHECK_STR(f.why, "--map: no column \"Dst\" in the header line");
	fx_close(&f);
}

TEST(csv_time_forms_and_dst)
{
	static const char *const same[] = {
		"1764003731", "1764003731000", "1764003731000000",
		"1764003731000000000", "1764003731.0", "2025-11-24T17:02:11Z",
		"2025/11/24 17:02:11", "2025-11-24 12:02:11-05:00"};
	fixture f;
	fx_open(&f, "UTC", "time=0,src=1,dst=2");
	CHECK_INT(fx_line(&f, "time,src,dst"), ASH_LINE_META); /* header */
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		char line[120];
		snprintf(line, sizeof line, "%s,10.0.0.1,10.0.0.2", same[i]);
		CHECK_INT(fx_line(&f, line), ASH_LINE_RECORD);
		CHECK_INT(f.r.t_start, 1764003731LL * 1000000);
	}
	fx_close(&f);
	fx_open(&f, "America/New_York", "time=0,src=1,dst=2");
	static const struct {
		const char *t;
		int64_t want;
		int off;
	} dst[] = {
		{"2026-03-08 01:59:59", 0, -5}, {"2026-03-08 03:00:00", 0, -4},
		{"2026-11-01 00:59:59", 0, -4}, {"2026-11-01 02:00:00", 0, -5},
		{"2026-12-31 23:59:59", 0, -5}, {"2027-01-01 00:00:00", 0, -5}};
	const int64_t want[] = {
		utc_us(2026, 3, 8, 6, 59, 59), utc_us(2026, 3, 8, 7, 0, 0),
		utc_us(2026, 11, 1, 4, 59, 59), utc_us(2026, 11, 1, 7, 0, 0),
		utc_us(2027, 1, 1, 4, 59, 59), utc_us(2027, 1, 1, 5, 0, 0)};
	for (size_t i = 0; i < sizeof dst / sizeof dst[0]; i++) {
		char line[120];
		snprintf(line, sizeof line, "%s,10.0.0.1,10.0.0.2", dst[i].t);
		CHECK_INT(fx_line(&f, line), ASH_LINE_RECORD);
		CHECK_INT(f.r.t_start, want[i]);
		CHECK_INT(f.r.tz_off, dst[i].off * 3600);
	}
	fx_close(&f);
}

TEST(csv_separators)
{
	fixture f;
	fx_open(&f, "UTC", "sep=tab,time=0,src=1,dst=2,dport=3");
	CHECK_INT(fx_line(&f, "1764003731\t10.0.0.1\t10.0.0.2\t22"), ASH_LINE_RECORD);
	CHECK_INT(f.r.dport, 22);
	fx_close(&f);
	fx_open(&f, "UTC", "time=0,src=1,dst=2,dport=3,sep=;");
	CHECK_INT(fx_line(&f, "1764003731; 10.0.0.1 ; 10.0.0.2;22"), ASH_LINE_RECORD);
	CHECK(ip_is(&f.r.src, "10.0.0.1"));
	fx_close(&f);
}

TEST(csv_map_errors)
{
	static const struct {
		const char *map, *msg;
	} bad[] = {
		{"", "--map is required for --format csv (e.g. --map 'time=0,src=1,dst=2')"},
		{"time=0,src=1", "--map: dst= is required"},
		{"time=0,src=1,dst=2,colour=3", "--map: unknown key \"colour\""},
		{"time=0,src=1,dst", "--map: \"dst\" is not key=column"},
		{"time=0,src=1,dst=2,dport=", "--map: bad column for dport"},
		{"time=0,src=1,dst=999", "--map: column 999 beyond 255"},
		{"time=0,src=1,dst=2,sep=x", "--map: sep= wants tab, ';' or '|'"},
	};
	ash_err err;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_INT(ash_csvmap_check(bad[i].map, &err), ASH_EUSAGE);
		CHECK_STR(err.msg, bad[i].msg);
	}
	CHECK_INT(ash_csvmap_check(NULL, &err), ASH_EUSAGE);
	CHECK_INT(ash_csvmap_check(num_map, &err), 0);
	CHECK_INT(ash_csvmap_check(" time = Time , src=Src IP,dst=2 ", &err), 0);
	/* the parser without a valid mapping rejects every line, saying why */
	fixture f;
	fx_open(&f, "UTC", NULL);
	CHECK_INT(fx_line(&f, "1764003731,10.0.0.1,10.0.0.2"), ASH_LINE_REJECT);
	CHECK_STR(f.why, "no valid --map given for --format csv");
	fx_close(&f);
}

TEST(csv_rejects_say_why)
{
	static const struct {
		const char *line, *why;
	} cases[] = {
		{"yesterday,fw,10.0.0.1,10.0.0.2", "bad time"},
		{",fw,10.0.0.1,10.0.0.2", "empty or missing time column"},
		{"1764003731,fw,10.0.0.300,10.0.0.2", "bad or missing src address"},
		{"1764003731,fw,10.0.0.1", "bad or missing dst address"},
		{"1764003731,fw,10.0.0.1,::2", "src and dst of different address families"},
		{"1764003731,fw,10.0.0.1,10.0.0.2,1,70000", "bad dport"},
		{"1764003731,fw,10.0.0.1,10.0.0.2,1,2,xtp", "bad proto"},
		{"1764003731,fw,10.0.0.1,10.0.0.2,1,2,6,1e3", "bad bytes"},
		{"1764003731,fw,\"10.0.0.1,10.0.0.2", NULL},
	};
	fixture f;
	fx_open(&f, "UTC", num_map);
	CHECK_INT(fx_line(&f, "1764003731,fw,10.0.0.1,10.0.0.2"), ASH_LINE_RECORD);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(fx_line(&f, cases[i].line), ASH_LINE_REJECT);
		if (cases[i].why)
			CHECK_STR(f.why, cases[i].why);
		else
			CHECK(f.why && f.why[0]);
	}
	CHECK_INT(fx_line(&f, "  "), ASH_LINE_META);
	fx_close(&f);
}

TEST(csv_hostile_text)
{
	fixture f;
	fx_open(&f, "UTC", "time=0,src=1,dst=2,rule=3,action=300");
	/* (a mapping beyond 255 columns is refused: the parser rejects all) */
	CHECK_INT(fx_line(&f, "1764003731,10.0.0.1,10.0.0.2,r"), ASH_LINE_REJECT);
	fx_close(&f);
	fx_open(&f, "UTC", "time=0,src=1,dst=2,rule=3,device=255");
	static const char nul[] = "1764003731,10.0.0.1,10.0.0.2,a\0\xFF\xC3\xA9";
	CHECK_INT(ash_csv_parser.line(f.st, nul, sizeof nul - 1, &f.r, &f.why),
		  ASH_LINE_RECORD);
	CHECK(str_is(f.r.rule, "a??\xC3\xA9"));
	/* 1000 columns: the first 256 are looked at, column 255 is read */
	size_t cap = 1000 * 4 + 100;
	char *l = malloc(cap);
	int k = snprintf(l, cap, "1764003731,10.0.0.1,10.0.0.2,r");
	for (int i = 4; i < 1000; i++)
		k += snprintf(l + k, cap - (size_t)k, ",%d", i % 10);
	CHECK_INT(fx_line(&f, l), ASH_LINE_RECORD);
	CHECK(str_is(f.r.device, "5"));
	/* a 200 KB field */
	char *big = malloc(200100);
	k = snprintf(big, 100, "1764003731,10.0.0.1,10.0.0.2,");
	memset(big + k, 'y', 200000);
	big[k + 200000] = 0;
	CHECK_INT(fx_line(&f, big), ASH_LINE_RECORD);
	CHECK_INT(f.r.rule.n, 256);
	free(big);
	free(l);
	fx_close(&f);
}

TEST(csv_never_sniffed)
{
	static const char sample[] = "time,src,dst\n1764003731,10.0.0.1,10.0.0.2\n";
	CHECK_INT(ash_csv_parser.sniff(sample, sizeof sample - 1), 0);
	CHECK(ash_parser_find("csv") == &ash_csv_parser);
}
