/* SPDX-License-Identifier: MIT */
/* test_zeek.c: Zeek conn.log as TSV and JSON lines (ingest/zeek*.c):
 * header directives, column order, unset/empty values, byte and flag
 * mapping, rejects, the sniffer, and the Stratosphere logs (../shared). */
#include "harness.h"

#include <stdlib.h>

#include "core/tztime.h"
#include "ingest/parser.h"

#define HDR                                                                   \
	"#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n"        \
	"#unset_field\t-\n#path\tconn\n#open\t2021-04-28-16-25-22\n"          \
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\t" \
	"service\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\t"  \
	"local_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\t"        \
	"resp_pkts\tresp_ip_bytes\ttunnel_parents\n"                           \
	"#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\t" \
	"count\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\t" \
	"count\tset[string]\n"

typedef struct fixture {
	void *st;
	ash_rec r;
	const char *why;
	int records, meta, rejects;
} fixture;

static void fx_open(fixture *f)
{
	memset(f, 0, sizeof *f);
	ash_parse_opts o = {0};
	f->st = ash_zeek_parser.open(&o);
}

static void fx_close(fixture *f)
{
	ash_zeek_parser.close(f->st);
}

static int fx_line(fixture *f, const char *s, size_t n)
{
	f->why = NULL;
	int rc = ash_zeek_parser.line(f->st, s, n, &f->r, &f->why);
	f->records += rc == ASH_LINE_RECORD;
	f->meta += rc == ASH_LINE_META;
	f->rejects += rc == ASH_LINE_REJECT;
	return rc;
}

/* Feed a multi-line text; returns the result of its last line. */
static int fx_text(fixture *f, const char *text)
{
	int rc = ASH_LINE_META;
	const char *p = text, *end = text + strlen(text);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		rc = fx_line(f, p, (size_t)(e - p));
		p = e + 1;
	}
	return rc;
}

static bool ip_is(const ash_ip *ip, const char *want)
{
	char buf[ASH_IP_STRLEN];
	ash_ip_format(ip, buf);
	return !strcmp(buf, want);
}

TEST(zeek_tsv_all_fields)
{
	fixture f;
	fx_open(&f);
	int rc = fx_text(&f, HDR "1596795036.161599\tCd1uQ\t10.8.0.61\t46463\t172.217.23.234\t443\t"
				 "tcp\tssl\t300.276890\t4801\t4999\tSF\t-\t-\t0\tShADadtfFr\t17\t"
				 "5705\t16\t5854\t-");
	CHECK_INT(rc, ASH_LINE_RECORD);
	CHECK_INT(f.meta, 8);
	CHECK_INT(f.rejects, 0);
	ash_rec *r = &f.r;
	CHECK_INT(r->t_start, 1596795036161599LL);
	CHECK_INT(r->t_end, 1596795036161599LL + 300276890LL);
	CHECK(ip_is(&r->src, "10.8.0.61"));
	CHECK(ip_is(&r->dst, "172.217.23.234"));
	CHECK_INT(r->sport, 46463);
	CHECK_INT(r->dport, 443);
	CHECK_INT(r->proto, 6);
	CHECK_INT(r->obytes, 5705); /* IP-level, not the payload 4801 */
	CHECK_INT(r->rbytes, 5854);
	CHECK_INT(r->opkts, 17);
	CHECK_INT(r->rpkts, 16);
	CHECK_INT(r->tcp_flags, ASH_TCP_SYN | ASH_TCP_ACK | ASH_TCP_PSH | ASH_TCP_FIN |
					ASH_TCP_RST);
	CHECK_INT(r->have, ASH_HAVE_END | ASH_HAVE_SPORT | ASH_HAVE_DPORT | ASH_HAVE_OBYTES |
				   ASH_HAVE_RBYTES | ASH_HAVE_OPKTS | ASH_HAVE_RPKTS |
				   ASH_HAVE_FLAGS | ASH_HAVE_PROTO);
	CHECK_INT(r->format, ASH_FMT_ZEEK_TSV);
	CHECK_INT(r->action, ASH_ACT_UNKNOWN);
	CHECK_INT(fx_text(&f, "#close\t2021-04-28-16-25-22"), ASH_LINE_META);
	fx_close(&f);
}

TEST(zeek_tsv_history_flags)
{
	static const struct {
		const char *hist;
		int flags;
	} cases[] = {
		{"S", ASH_TCP_SYN},
		{"Sr", ASH_TCP_SYN | ASH_TCP_RST},
		{"ShR", ASH_TCP_SYN | ASH_TCP_ACK | ASH_TCP_RST},
		{"DdA", ASH_TCP_PSH | ASH_TCP_ACK},
		{"C", 0},
		{"^hCacd", ASH_TCP_SYN | ASH_TCP_ACK | ASH_TCP_PSH},
	};
	fixture f;
	fx_open(&f);
	fx_text(&f, HDR);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char line[512];
		snprintf(line, sizeof line,
			 "1.0\tC\t1.1.1.1\t1\t2.2.2.2\t2\ttcp\t-\t-\t-\t-\tS0\t-\t-\t0\t%s\t1\t"
			 "40\t0\t0\t-", cases[i].hist);
		CHECK_INT(fx_line(&f, line, strlen(line)), ASH_LINE_RECORD);
		CHECK_INT(f.r.tcp_flags, cases[i].flags);
		CHECK(f.r.have & ASH_HAVE_FLAGS);
		CHECK(!(f.r.have & ASH_HAVE_END)); /* duration unset */
		CHECK_INT(f.r.obytes, 40);
		CHECK_INT(f.r.rbytes, 0);
		CHECK(f.r.have & ASH_HAVE_RBYTES);
	}
	/* history unset: flags unknown; UDP never has flags */
	const char *l = "1.0\tC\t1.1.1.1\t1\t2.2.2.2\t2\ttcp\t-\t-\t-\t-\tS0\t-\t-\t0\t-\t1\t40\t0\t0\t-";
	CHECK_INT(fx_line(&f, l, strlen(l)), ASH_LINE_RECORD);
	CHECK(!(f.r.have & ASH_HAVE_FLAGS));
	l = "1.0\tC\t1.1.1.1\t1\t2.2.2.2\t2\tudp\t-\t-\t-\t-\tS0\t-\t-\t0\tDd\t1\t40\t0\t0\t-";
	CHECK_INT(fx_line(&f, l, strlen(l)), ASH_LINE_RECORD);
	CHECK(!(f.r.have & ASH_HAVE_FLAGS));
	CHECK_INT(f.r.proto, 17);
	fx_close(&f);
}

TEST(zeek_tsv_column_order_payload_bytes_icmp)
{
	fixture f;
	fx_open(&f);
	/* other order, an extra column, no ip_bytes: payload bytes are used */
	int rc = fx_text(&f, "#separator \\x09\n#fields\tproto\tid.resp_p\tid.resp_h\textra\t"
			     "orig_bytes\tts\tid.orig_h\tid.orig_p\tresp_bytes\tconn_state\n"
			     "udp\t53\t8.8.8.8\tzzz\t34\t13.184015\t192.168.1.116\t50814\t50\tSF");
	CHECK_INT(rc, ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, 13184015); /* relative ts near 0 is kept */
	CHECK(ip_is(&f.r.src, "192.168.1.116"));
	CHECK_INT(f.r.dport, 53);
	CHECK_INT(f.r.sport, 50814);
	CHECK_INT(f.r.obytes, 34);
	CHECK_INT(f.r.rbytes, 50);
	CHECK(!(f.r.have & (ASH_HAVE_OPKTS | ASH_HAVE_RPKTS | ASH_HAVE_END)));
	/* ICMP: orig_p/resp_p are type/code; IPv6 ICMP is protocol 58 */
	fx_text(&f, HDR);
	const char *l = "1.5\tC\t10.0.2.2\t11\t10.0.2.15\t0\ticmp\t-\t93.654561\t736\t0\tOTH\t-\t-\t"
			"0\t-\t26\t1464\t0\t0\t-";
	CHECK_INT(fx_line(&f, l, strlen(l)), ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 1);
	CHECK_INT(f.r.dport, 11 << 8);
	CHECK(!(f.r.have & ASH_HAVE_SPORT));
	CHECK_INT(f.r.t_end - f.r.t_start, 93654561);
	l = "1.5\tC\tfe80::1\t135\tff02::1\t0\ticmp\t-\t-\t-\t-\tOTH\t-\t-\t0\t-\t1\t72\t0\t0\t-";
	CHECK_INT(fx_line(&f, l, strlen(l)), ASH_LINE_RECORD);
	CHECK_INT(f.r.proto, 58);
	CHECK_INT(f.r.dport, 135 << 8);
	fx_close(&f);
}

TEST(zeek_tsv_blocks_separators_unset)
{
	fixture f;
	fx_open(&f);
	/* custom separator, unset and empty markers */
	int rc = fx_text(&f, "#separator \\x2c\n#unset_field,NA\n#empty_field,EMPTY\n#path,conn\n"
			     "#fields,ts,id.orig_h,id.orig_p,id.resp_h,id.resp_p,proto,duration,"
			     "orig_ip_bytes,resp_ip_bytes,history\n"
			     "100.5,1.1.1.1,NA,2.2.2.2,EMPTY,tcp,NA,60,NA,S");
	CHECK_INT(rc, ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, 100500000);
	CHECK(!(f.r.have & (ASH_HAVE_SPORT | ASH_HAVE_DPORT | ASH_HAVE_END | ASH_HAVE_RBYTES)));
	CHECK_INT(f.r.obytes, 60);
	/* a second block (concatenated logs) with the default header */
	rc = fx_text(&f, HDR "2.0\tC\t3.3.3.3\t1\t4.4.4.4\t2\ttcp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t"
			     "44\t0\t0\t(empty)");
	CHECK_INT(rc, ASH_LINE_RECORD);
	CHECK(ip_is(&f.r.src, "3.3.3.3"));
	CHECK_INT(f.rejects, 0);
	/* the Slips test10 file starts with "\t#separator" */
	rc = fx_text(&f, "\t#separator \\x09\n#fields\tts\tid.orig_h\tid.resp_h\tconn_state\n"
			 "5\t1.1.1.1\t2.2.2.2\tS0");
	CHECK_INT(rc, ASH_LINE_RECORD);
	/* IoT-23 labeled files: the last names joined by three spaces */
	rc = fx_text(&f, "#separator \\x09\n#fields\tts\tid.orig_h\tid.resp_h\tconn_state\t"
			 "tunnel_parents   label   detailed-label\n"
			 "6\t1.1.1.1\t2.2.2.2\tS0\t-   Malicious   PartOfAHorizontalPortScan");
	CHECK_INT(rc, ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, 6000000);
	fx_close(&f);
}

TEST(zeek_tsv_rejects)
{
	static const struct {
		const char *line, *why;
	} cases[] = {
		{"1.0\tC\t1.1.1.x\t1\t2.2.2.2\t2\ttcp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t40\t0\t0\t-",
		 "bad id.orig_h"},
		{"1.0\tC\t1.1.1.1\t70000\t2.2.2.2\t2\ttcp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t40\t0\t0\t-",
		 "bad id.orig_p"},
		{"x\tC\t1.1.1.1\t1\t2.2.2.2\t2\ttcp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t40\t0\t0\t-",
		 "bad ts"},
		{"-\tC\t1.1.1.1\t1\t2.2.2.2\t2\ttcp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t40\t0\t0\t-",
		 "missing ts"},
		{"1.0\tC\t1.1.1.1\t1\t2.2.2.2\t2\tsctp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t40\t0\t0\t-",
		 "bad proto"},
		{"1.0\tC\t1.1.1.1\t1\t2.2.2.2\t2\ttcp\t-\t-1\t-\t-\tS0\t-\t-\t0\tS\t1\t40\t0\t0\t-",
		 "bad duration"},
		{"1.0\tC\t1.1.1.1\t1\t2.2.2.2\t2\ttcp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t99999999999999999999999\t0\t0\t-",
		 "bad orig_ip_bytes"},
		{"1.0\tC\t1.1.1.1\t1\t::1\t2\ttcp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t40\t0\t0\t-",
		 "id.orig_h and id.resp_h of different address families"},
		{"1.0\tC\t1.1.1.1\t300\t2.2.2.2\t2\ticmp\t-\t-\t-\t-\tOTH\t-\t-\t0\t-\t1\t40\t0\t0\t-",
		 "ICMP type/code (id.orig_p/id.resp_p) out of range"},
		{"1.0\tC\t1.1.1.1\t1\t2.2.2.2\t2\ttcp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t40",
		 "fewer columns than #fields"},
	};
	fixture f;
	fx_open(&f);
	CHECK_INT(fx_text(&f, "1.0\tC\t1.1.1.1\t1\t2.2.2.2\t2\ttcp"), ASH_LINE_REJECT);
	CHECK_STR(f.why, "data line before #fields header");
	fx_text(&f, HDR);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(fx_line(&f, cases[i].line, strlen(cases[i].line)), ASH_LINE_REJECT);
		CHECK_STR(f.why, cases[i].why);
	}
	CHECK_INT(fx_text(&f, "#separator \\x09\n#path\tdns\n#fields\tts\tid.orig_h\tid.resp_h\t"
			      "query\n1.0\t1.1.1.1\t2.2.2.2\texample.com"),
		  ASH_LINE_REJECT);
	CHECK_STR(f.why, "not a conn log (#path is not conn)");
	CHECK_INT(fx_text(&f, "#separator \\x09\n#fields\tts\tuid\tid.orig_h\n1.0\tC\t1.1.1.1"),
		  ASH_LINE_REJECT);
	CHECK_STR(f.why, "#fields lacks ts, id.orig_h or id.resp_h");
	CHECK_INT(fx_text(&f, "#separator \\x09\n#fields\tts\tid.orig_h\tid.resp_h\tquery\n"
			      "1.0\t1.1.1.1\t2.2.2.2\tx"),
		  ASH_LINE_REJECT);
	CHECK_STR(f.why, "not a conn log entry (no conn_state, duration, bytes, packets or history)");
	CHECK_INT(fx_text(&f, "#separator "), ASH_LINE_REJECT);
	CHECK_STR(f.why, "bad #separator");
	/* NUL bytes inside a data line are just bad values */
	fx_text(&f, HDR);
	static const char nul[] = "1.0\tC\t1.1.1.1\0\t1\t2.2.2.2\t2\ttcp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t"
				  "1\t40\t0\t0\t-";
	CHECK_INT(fx_line(&f, nul, sizeof nul - 1), ASH_LINE_REJECT);
	CHECK_STR(f.why, "bad id.orig_h");
	fx_close(&f);
}

TEST(zeek_json_lines)
{
	fixture f;
	fx_open(&f);
	const char *l = "{\"ts\":1664462456.755299,\"uid\":\"C5x\",\"id.orig_h\":\"172.16.1.11\","
			"\"id.orig_p\":40042,\"id.resp_h\":\"8.8.8.8\",\"id.resp_p\":53,\"proto\":"
			"\"udp\",\"service\":\"dns\",\"duration\":0.012166976928710938,"
			"\"orig_bytes\":0,\"resp_bytes\":111,\"conn_state\":\"SHR\",\"local_orig\":true,"
			"\"history\":\"Cd\",\"orig_pkts\":0,\"orig_ip_bytes\":0,\"resp_pkts\":1,"
			"\"resp_ip_bytes\":139}";
	CHECK_INT(fx_line(&f, l, strlen(l)), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, 1664462456755299LL);
	CHECK_INT(f.r.t_end - f.r.t_start, 12167);
	CHECK(ip_is(&f.r.src, "172.16.1.11"));
	CHECK_INT(f.r.sport, 40042);
	CHECK_INT(f.r.dport, 53);
	CHECK_INT(f.r.proto, 17);
	CHECK_INT(f.r.rbytes, 139);
	CHECK_INT(f.r.rpkts, 1);
	CHECK_INT(f.r.format, ASH_FMT_ZEEK_JSON);
	/* ISO ts, nested id object, integers as reals, missing optional keys */
	l = "  {\"ts\":\"2022-09-29T14:40:56.755299Z\",\"id\":{\"orig_h\":\"2001:db8::1\","
	    "\"orig_p\":1,\"resp_h\":\"2001:db8::2\",\"resp_p\":443},\"proto\":\"tcp\","
	    "\"conn_state\":\"S0\",\"history\":\"S\",\"orig_pkts\":2.0}";
	CHECK_INT(fx_line(&f, l, strlen(l)), ASH_LINE_RECORD);
	CHECK_INT(f.r.t_start, 1664462456755299LL);
	CHECK(f.r.have & ASH_HAVE_TZOFF);
	CHECK(ip_is(&f.r.dst, "2001:db8::2"));
	CHECK_INT(f.r.dport, 443);
	CHECK_INT(f.r.tcp_flags, ASH_TCP_SYN);
	CHECK_INT(f.r.opkts, 2);
	CHECK(!(f.r.have & (ASH_HAVE_OBYTES | ASH_HAVE_END)));
	static const struct {
		const char *line, *why;
	} bad[] = {
		{"{\"ts\":1,", "bad JSON"},
		{"{\"ts\":1,\"ts\":2}", "bad JSON"},
		{"{\"_path\":\"dns\",\"ts\":1,\"id.orig_h\":\"1.1.1.1\",\"id.resp_h\":\"2.2.2.2\"}",
		 "not a conn log entry (_path is not conn)"},
		{"{\"ts\":1,\"id.orig_h\":\"1.1.1.1\",\"id.resp_h\":\"2.2.2.2\",\"query\":\"x\"}",
		 "not a conn log entry (no conn_state, duration, bytes, packets or history)"},
		{"{\"ts\":-5,\"id.orig_h\":\"1.1.1.1\",\"id.resp_h\":\"2.2.2.2\",\"conn_state\":\"S0\"}",
		 "bad ts"},
		{"{\"ts\":1,\"id.orig_h\":5,\"id.resp_h\":\"2.2.2.2\",\"conn_state\":\"S0\"}",
		 "bad id.orig_h"},
		{"{\"ts\":1,\"id.orig_h\":\"1.1.1.1\",\"id.resp_h\":\"2.2.2.2\",\"conn_state\":\"S0\","
		 "\"orig_bytes\":true}", "bad orig_bytes"},
		{"{\"ts\":1,\"id.orig_h\":\"1.1.1.1\",\"conn_state\":\"S0\"}", "missing id.resp_h"},
		{"{\"ts\":1,\"id.orig_h\":\"1.1.1.1\",\"id.resp_h\":\"2.2.2.2\",\"conn_state\":\"S0\","
		 "\"id.resp_p\":65536}", "bad id.resp_p"},
		{"{\"ts\":1e300,\"id.orig_h\":\"1.1.1.1\",\"id.resp_h\":\"2.2.2.2\",\"conn_state\":\"S0\"}",
		 "bad ts"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_INT(fx_line(&f, bad[i].line, strlen(bad[i].line)), ASH_LINE_REJECT);
		CHECK_STR(f.why, bad[i].why);
	}
	fx_close(&f);
}

TEST(zeek_sniff)
{
	int score = 0;
	const char *tsv = HDR "1.0\tC\t1.1.1.1\t1\t2.2.2.2\t2\ttcp\n";
	CHECK(ash_parser_sniff(tsv, strlen(tsv), &score) == &ash_zeek_parser);
	CHECK_INT(score, 100);
	const char *json = "{\"ts\":1.5,\"uid\":\"C\",\"id.orig_h\":\"1.1.1.1\",\"id.orig_p\":1}\n"
			   "{\"ts\":1.6,\"uid\":\"D\",\"id.orig_h\":\"1.1.1.1\",\"id.orig_p\":2}\n";
	CHECK(ash_parser_sniff(json, strlen(json), &score) == &ash_zeek_parser);
	CHECK_INT(score, 100);
	const char *other = "{\"a\":1}\n";
	CHECK(ash_parser_sniff(other, strlen(other), &score) == NULL);
	CHECK(ash_parser_find("zeek") == &ash_zeek_parser);
}

/* ---- the Stratosphere logs ---------------------------------------------- */

typedef struct tally {
	long records, meta, rejects, from_host, relative;
	const char *why;
	int format;
} tally;

static bool run_file(const char *rel, const char *host, tally *t)
{
	memset(t, 0, sizeof *t);
	const char *path = ash_test_shared(rel);
	FILE *fp = path ? fopen(path, "rb") : NULL;
	if (!fp) {
		ash_test_skip("../shared/data/stratosphere-* not present");
		return false;
	}
	ash_ip h;
	ash_ip_parse(host, strlen(host), &h);
	fixture f;
	fx_open(&f);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, fp)) > 0) {
		if (line[n - 1] == '\n')
			n--;
		int rc = fx_line(&f, line, (size_t)n);
		if (rc == ASH_LINE_REJECT)
			t->why = f.why;
		if (rc != ASH_LINE_RECORD)
			continue;
		t->from_host += ash_ip_eq(&f.r.src, &h) || ash_ip_eq(&f.r.dst, &h);
		t->relative += f.r.t_start < 86400LL * 1000000;
		t->format = f.r.format;
	}
	free(line);
	fclose(fp);
	t->records = f.records;
	t->meta = f.meta;
	t->rejects = f.rejects;
	fx_close(&f);
	if (t->rejects)
		fprintf(stderr, "    %s: %ld rejects (%s)\n", rel, t->rejects, t->why);
	return true;
}

TEST(zeek_stratosphere_sdft)
{
	tally t;
	if (!run_file("data/stratosphere-sdft/001-zeek-scenario-malicious/labeled-conn.log",
		      "192.168.1.115", &t))
		return;
	CHECK_INT(t.records, 992);
	CHECK_INT(t.meta, 8);
	CHECK_INT(t.rejects, 0);
	CHECK_INT(t.relative, 992); /* relative timestamps, kept as they are */
	CHECK(t.from_host > 0);
	run_file("data/stratosphere-sdft/002-zeek-scenario-port-scanning/conn.log", "172.16.1.11", &t);
	CHECK_INT(t.records, 4504);
	CHECK_INT(t.rejects, 0);
	CHECK_INT(t.format, ASH_FMT_ZEEK_JSON);
	CHECK_INT(t.from_host, 4504);
	run_file("data/stratosphere-sdft/003-zeek-scenario-malicious/conn.log", "10.8.0.61", &t);
	CHECK_INT(t.records, 361);
	CHECK_INT(t.meta, 9);
	CHECK_INT(t.rejects, 0);
	CHECK_INT(t.relative, 0);
	run_file("data/stratosphere-sdft/005-zeek-scenario-malicious/conn.log", "192.168.1.116", &t);
	CHECK_INT(t.records, 992);
	CHECK_INT(t.rejects, 0);
	CHECK_INT(t.relative, 992);
	run_file("data/stratosphere-sdft/008-zeek-mixed/data/conn.log.labeled", "147.32.81.167", &t);
	CHECK_INT(t.records, 5663);
	CHECK_INT(t.rejects, 0);
	CHECK_INT(t.format, ASH_FMT_ZEEK_TSV);
	CHECK(t.from_host > 5000);
}

TEST(zeek_stratosphere_slips)
{
	tally t;
	if (!run_file("data/stratosphere-slips/test9-mixed-zeek-dir/conn.log", "10.0.2.15", &t))
		return;
	CHECK_INT(t.records, 576);
	CHECK_INT(t.rejects, 0);
	CHECK_INT(t.relative, 576);
	CHECK_INT(t.format, ASH_FMT_ZEEK_JSON);
	run_file("data/stratosphere-slips/test10-mixed-zeek-dir/conn.log", "147.32.83.156", &t);
	CHECK_INT(t.records, 141);
	CHECK_INT(t.meta, 9);
	CHECK_INT(t.rejects, 0);
	run_file("data/stratosphere-slips/test18-malicious-ctu-sme-11-win/zeek-labeled/"
		 "conn.log.labeled", "192.168.1.107", &t);
	CHECK_INT(t.records, 766);
	CHECK_INT(t.rejects, 0);
	CHECK(t.from_host > 700);
}
