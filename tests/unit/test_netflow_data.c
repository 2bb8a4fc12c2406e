/* SPDX-License-Identifier: MIT */
/* test_netflow_data.c: real flow exports from ../shared: every datagram
 * of the logstash-codec-netflow fixtures (fed after its templates) is
 * used, skipped (templates / options only) or rejected with a reason,
 * with the values upstream's spec gives, and fed data first (buffered
 * until its template) gives the same records; the export captures of
 * derived-netflow-softflowd and ndpi-pcaps through the "netflow" parser,
 * with the record counts their SOURCE.md gives (byte totals against
 * nfdump are in tests/e2e/netflow_real.sh). */
#include "harness.h"

#include <stdlib.h>

#include "ingest/input.h"
#include "ingest/netflow.h"
#include "ingest/parser.h"

#define DAT "data/logstash-netflow-dat/"

typedef struct recs {
	size_t n;
	ash_rec r[64];
} recs;

static int keep(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)err;
	recs *g = ctx;
	if (g->n < 64)
		g->r[g->n] = *r;
	g->n++;
	return 0;
}

static const char *fmt(const ash_ip *ip)
{
	static char buf[4][ASH_IP_STRLEN];
	static int k;
	k = (k + 1) % 4;
	ash_ip_format(ip, buf[k]);
	return buf[k];
}

/* Decode one fixture file into g; returns the verdict (-1: unreadable). */
static int dat(ash_nf *nf, const char *name, recs *g, const char **why)
{
	char rel[256];
	snprintf(rel, sizeof rel, DAT "%s", name);
	const char *path = ash_test_shared(rel);
	FILE *f = path ? fopen(path, "rb") : NULL;
	if (!f)
		return -1;
	static uint8_t buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	ash_nf_result res;
	g->n = 0;
	int rc = ash_nf_datagram(nf, buf, n, NULL, 0, 0, 0, keep, g, &res, NULL);
	CHECK_INT(rc, 0);
	CHECK_INT((size_t)res.records, g->n);
	*why = res.why;
	return res.verdict;
}

/* Templates first, then their data: one decoder per line (upstream's
 * spec contexts).  Every one of the 92 files appears once. */
static const char *const groups[] = {
	"ipfix_test_barracuda_tpl ipfix_test_barracuda_data256",
	"ipfix_test_barracuda_extended_uniflow_tpl256 ipfix_test_barracuda_extended_uniflow_data256",
	"ipfix_test_juniper_mx240_junos151r6s3_opttpl512 ipfix_test_juniper_mx240_junos151r6s3_data512",
	"ipfix_test_mikrotik_tpl ipfix_test_mikrotik_data258 ipfix_test_mikrotik_data259",
	"ipfix_test_netscaler_tpl ipfix_test_netscaler_data",
	"ipfix_test_nokia_bras_tpl ipfix_test_nokia_bras_data256",
	"ipfix_test_openbsd_pflow_tpl ipfix_test_openbsd_pflow_data",
	"ipfix_test_procera_tpl52935 ipfix_test_procera_data52935",
	"ipfix_test_viptela_tpl257 ipfix_test_viptela_data257",
	"ipfix_test_vmware_vds_tpl ipfix_test_vmware_vds_data264 ipfix_test_vmware_vds_data266 ipfix_test_vmware_vds_data266_267",
	"ipfix_test_yaf_tpls_option_tpl ipfix_test_yaf_tpl45841 ipfix_test_yaf_data45841 ipfix_test_yaf_data45873 ipfix_test_yaf_data53248",
	"ipfix",
	"ipfix_test_ixia_tpldata256 ipfix_test_ixia_tpldata271",
	"netflow9_test_cisco_aci_tpl256-258 netflow9_test_cisco_aci_data256",
	"netflow9_test_cisco_asa_1_tpl netflow9_test_cisco_asa_1_data",
	"netflow9_test_cisco_asa_2_tpl_26x netflow9_test_cisco_asa_2_tpl_27x netflow9_test_cisco_asa_2_data",
	"netflow9_test_cisco_asr9k_opttpl256 netflow9_test_cisco_asr9k_opttpl257 netflow9_test_cisco_asr9k_opttpl334 netflow9_test_cisco_asr9k_tpl260 netflow9_test_cisco_asr9k_tpl266 netflow9_test_cisco_asr9k_data256 netflow9_test_cisco_asr9k_data260",
	"netflow9_test_cisco_nbar_opttpl260 netflow9_test_cisco_nbar_tpl262 netflow9_test_cisco_nbar_data262",
	"netflow9_test_cisco_wlc_tpl netflow9_test_cisco_wlc_8510_tpl_262 netflow9_test_cisco_wlc_data261",
	"netflow9_test_field_layer2segmentid_tpl netflow9_test_field_layer2segmentid_data",
	"netflow9_test_fortigate_fortios_521_tpl netflow9_test_fortigate_fortios_521_data256 netflow9_test_fortigate_fortios_521_data257",
	"netflow9_test_fortigate_fortios_542_appid_tpl258-269 netflow9_test_fortigate_fortios_542_appid_data258_262",
	"netflow9_test_h3c_tpl3281 netflow9_test_h3c_data3281",
	"netflow9_test_h3c_netstream_varstring_tpl3281 netflow9_test_h3c_netstream_varstring_data3281",
	"netflow9_test_huawei_netstream_tpl netflow9_test_huawei_netstream_data",
	"netflow9_test_macaddr_tpl netflow9_test_macaddr_data",
	"netflow9_test_nprobe_tpl netflow9_test_softflowd_tpl_data netflow9_test_nprobe_data netflow9_test_nprobe_dpi",
	"netflow9_test_paloalto_81_tpl256-263 netflow9_test_paloalto_81_data257_1flowset_in_large_zerofilled_packet",
	"netflow9_test_paloalto_panos_tpl netflow9_test_paloalto_panos_data",
	"netflow9_test_ubnt_edgerouter_tpl netflow9_test_ubnt_edgerouter_data1024 netflow9_test_ubnt_edgerouter_data1025",
	"netflow9_cisco_asr1001x_tpl259",
	"netflow9_test_0length_fields_tpl_data",
	"netflow9_test_cisco_1941K9",
	"netflow9_test_iptnetflow_reduced_size_encoding_tpldata260",
	"netflow9_test_juniper_srx_tplopt",
	"netflow9_test_streamcore_tpl_data256 netflow9_test_streamcore_tpl_data260",
	"netflow9_test_unknown_tpl266_292_data",
	"netflow9_test_valid01",
	"netflow9_test_invalid01",
	"netflow5 netflow5_test_invalid01 netflow5_test_invalid02 netflow5_test_juniper_mx80 netflow5_test_microtik",
	NULL,
};

/* The only rejected files, with why (docs/formats.md, "netflow"). */
static const char *const rejected[] = {
	"netflow5_test_invalid01",        /* count 55582 records in 1.7 kB */
	"netflow5_test_invalid02",        /* count 163 > what the datagram holds */
	"netflow9_test_cisco_wlc_data261", /* WLC client records: no IP pair */
	NULL,
};

static bool is_rejected(const char *name)
{
	for (size_t i = 0; rejected[i]; i++)
		if (!strcmp(rejected[i], name))
			return true;
	return false;
}

TEST(netflow_logstash_every_file)
{
	if (!ash_test_shared(DAT "SOURCE.md")) {
		ash_test_skip("../shared/data/logstash-netflow-dat absent");
		return;
	}
	size_t files = 0, used = 0, skipped = 0, nrej = 0, records = 0;
	static recs g;
	for (size_t i = 0; groups[i]; i++) {
		ash_nf *nf = ash_nf_new();
		char line[1024];
		snprintf(line, sizeof line, "%s", groups[i]);
		for (char *save = NULL, *w = strtok_r(line, " ", &save); w;
		     w = strtok_r(NULL, " ", &save)) {
			char name[256];
			snprintf(name, sizeof name, "%s.dat", w);
			const char *why = NULL;
			int v = dat(nf, name, &g, &why);
			CHECK(v >= 0);
			files++;
			records += g.n;
			if (is_rejected(w)) {
				CHECK_INT(v, ASH_NF_REJECTED);
				CHECK(why != NULL);
				nrej++;
			} else if (v == ASH_NF_REJECTED) {
				ash_test_fail(__FILE__, __LINE__, "%s rejected: %s",
					      name, why ? why : "?");
			}
			used += v == ASH_NF_USED;
			skipped += v == ASH_NF_SKIPPED;
		}
		ash_nf_free(nf);
	}
	CHECK_INT(files, 92);
	CHECK_INT(nrej, 3);
	CHECK_INT(used + skipped + nrej, 92);
	CHECK(records > 400);
}

TEST(netflow_logstash_values)
{
	if (!ash_test_shared(DAT "SOURCE.md")) {
		ash_test_skip("../shared/data/logstash-netflow-dat absent");
		return;
	}
	static recs g;
	const char *why;
	ash_nf *nf = ash_nf_new();
	/* "Netflow 5 valid 01": the first datagram's two records */
	CHECK_INT(dat(nf, "netflow5.dat", &g, &why), ASH_NF_USED);
	CHECK(g.n >= 2);
	CHECK_STR(fmt(&g.r[0].src), "10.0.2.2");
	CHECK_STR(fmt(&g.r[0].dst), "10.0.2.15");
	CHECK_INT(g.r[0].sport, 54435);
	CHECK_INT(g.r[0].dport, 22);
	CHECK_INT(g.r[0].tcp_flags, 16);
	CHECK_INT(g.r[0].opkts, 5);
	CHECK_INT(g.r[0].obytes, 230);
	CHECK_STR(fmt(&g.r[1].src), "10.0.2.15");
	CHECK_INT(g.r[1].tcp_flags, 24);
	CHECK_INT(g.r[1].obytes, 304);
	/* export 1430591888.280328 (the spec's @timestamp), sysUptime 3381 ms,
	 * Last 2577 ms: 804 ms earlier (RFC 3954 arithmetic; upstream's
	 * last_switched differs: its own conversion, not the datagram's) */
	CHECK_INT(g.r[0].t_end, 1430591888280328LL - 804000);
	/* "Netflow 9 valid 01": 7 records, the first NTP 76 bytes */
	CHECK_INT(dat(nf, "netflow9_test_valid01.dat", &g, &why), ASH_NF_USED);
	CHECK_INT(g.n, 7);
	CHECK_STR(fmt(&g.r[0].src), "172.16.32.100");
	CHECK_STR(fmt(&g.r[0].dst), "172.16.32.248");
	CHECK_INT(g.r[0].sport, 123);
	CHECK_INT(g.r[0].proto, 17);
	CHECK_INT(g.r[0].obytes, 76);
	CHECK_INT(g.r[0].opkts, 1);
	/* "Netflow 9 Cisco ASA": 14 events, the second an ICMP teardown */
	dat(nf, "netflow9_test_cisco_asa_1_tpl.dat", &g, &why);
	CHECK_INT(dat(nf, "netflow9_test_cisco_asa_1_data.dat", &g, &why), ASH_NF_USED);
	CHECK_INT(g.n, 14);
	ash_rec *r = &g.r[1];
	CHECK_STR(fmt(&r->src), "192.168.23.22");
	CHECK_STR(fmt(&r->dst), "164.164.37.11");
	CHECK_INT(r->proto, 1);
	CHECK_INT(r->dport, 8 << 8); /* echo request, code 0 */
	CHECK_INT(r->obytes, 56);
	CHECK_INT(r->t_start, 1444384068169000LL); /* flow_start_msec */
	CHECK_INT(r->action, ASH_ACT_ALLOW);
	CHECK_INT(r->note.n, strlen("teardown 2025"));
	CHECK(r->note.p && !memcmp(r->note.p, "teardown 2025", r->note.n));
	CHECK_INT(r->rule.n, 0);
	CHECK(r->have & ASH_HAVE_NAT_SRC);
	CHECK_STR(fmt(&r->nat_src), "192.168.23.22");
	CHECK_INT(r->in_if.n, 1);
	/* "IPFIX" (softflowd): uptime times on systemInitTimeMilliseconds
	 * 1431516013506 from the options data, flowStartSysUpTime 0 */
	CHECK_INT(dat(nf, "ipfix.dat", &g, &why), ASH_NF_USED);
	CHECK_STR(fmt(&g.r[0].src), "192.168.253.1");
	CHECK_INT(g.r[0].obytes, 260);
	CHECK_INT(g.r[0].opkts, 5);
	CHECK_INT(g.r[0].t_start, 1431516013506000LL);
	CHECK_INT(g.r[0].t_end, 1431516013506000LL + 12726000);
	CHECK_INT(g.r[0].format, ASH_FMT_IPFIX);
	ash_nf_free(nf);
}

/* Sums of what a decoder gave, and the late verdicts. */
typedef struct sums {
	uint64_t records, bytes, pkts, sampled, start;
	uint64_t settled[3];
} sums;

static int sum_rec(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)err;
	sums *t = ctx;
	t->records++;
	t->bytes += r->obytes + r->rbytes;
	t->pkts += r->opkts + r->rpkts;
	t->sampled += r->sampling;
	t->start += (uint64_t)r->t_start;
	return 0;
}

static int sum_settle(void *ctx, uint64_t unit, int verdict, const char *why,
		      const uint8_t *raw, size_t n, ash_err *err)
{
	(void)unit, (void)why, (void)raw, (void)n, (void)err;
	sums *t = ctx;
	if (verdict >= 0 && verdict <= 2)
		t->settled[verdict]++;
	return 0;
}

/* The files of a group (space-separated) in order or reversed, through
 * one buffering decoder; returns datagram files pending at the end. */
static size_t feed_group(const char *group, bool reverse, sums *t)
{
	char line[1024], *w[16];
	size_t nw = 0, pending = 0;
	snprintf(line, sizeof line, "%s", group);
	for (char *save = NULL, *x = strtok_r(line, " ", &save); x && nw < 16;
	     x = strtok_r(NULL, " ", &save))
		w[nw++] = x;
	ash_nf *nf = ash_nf_new();
	ash_nf_buffer(nf, sum_settle);
	memset(t, 0, sizeof *t);
	for (size_t k = 0; k < nw; k++) {
		char rel[256];
		static uint8_t buf[1 << 16];
		snprintf(rel, sizeof rel, DAT "%s.dat", w[reverse ? nw - 1 - k : k]);
		const char *path = ash_test_shared(rel);
		FILE *f = path ? fopen(path, "rb") : NULL;
		CHECK(f != NULL);
		if (!f)
			break;
		size_t len = fread(buf, 1, sizeof buf, f);
		fclose(f);
		ash_nf_result res;
		CHECK_INT(ash_nf_datagram(nf, buf, len, NULL, 0, 0, k + 1, sum_rec, t,
					  &res, NULL), 0);
		pending += res.verdict == ASH_NF_PENDING;
	}
	CHECK_INT(ash_nf_finish(nf, t, NULL), 0);
	ash_nf_free(nf);
	return pending;
}

/* With buffering, a capture that starts mid-stream loses nothing: every
 * group fed data first (files reversed) gives the records it gives
 * templates first, with the same bytes, packets and times; each
 * datagram that waited ends used or skipped (none rejected but the
 * three files rejected anyway). */
TEST(netflow_logstash_data_before_templates)
{
	if (!ash_test_shared(DAT "SOURCE.md")) {
		ash_test_skip("../shared/data/logstash-netflow-dat absent");
		return;
	}
	size_t waited = 0, regroup = 0;
	for (size_t i = 0; groups[i]; i++) {
		sums fwd, rev;
		feed_group(groups[i], false, &fwd);
		size_t p = feed_group(groups[i], true, &rev);
		waited += p;
		regroup += p != 0;
		if (fwd.records != rev.records || fwd.bytes != rev.bytes ||
		    fwd.pkts != rev.pkts || fwd.start != rev.start ||
		    fwd.sampled != rev.sampled)
			ash_test_fail(__FILE__, __LINE__, "%s: reversed gives %llu "
				      "records %llu bytes, in order %llu %llu",
				      groups[i], (unsigned long long)rev.records,
				      (unsigned long long)rev.bytes,
				      (unsigned long long)fwd.records,
				      (unsigned long long)fwd.bytes);
		CHECK_INT(rev.settled[ASH_NF_USED] + rev.settled[ASH_NF_SKIPPED] +
				  rev.settled[ASH_NF_REJECTED], p);
		CHECK_INT(rev.settled[ASH_NF_REJECTED],
			  strstr(groups[i], "cisco_wlc_data261") ? 1 : 0);
	}
	/* measured: 36 datagram files waited, in 28 of the 40 groups (the
	 * others are one file, or template and data in each datagram) */
	CHECK_INT(waited, 36);
	CHECK_INT(regroup, 28);
}

/* ---- export captures through the "netflow" parser ----------------------- */

typedef struct tally {
	uint64_t records, bytes, pkts, rejects;
	char why[128];
} tally;

static int t_rec(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)err;
	tally *t = ctx;
	t->records++;
	t->bytes += r->obytes + r->rbytes;
	t->pkts += r->opkts + r->rpkts;
	return 0;
}

static int t_rej(void *ctx, uint64_t where, const char *why, const void *raw,
		 size_t n, ash_err *err)
{
	(void)where, (void)raw, (void)n, (void)err;
	tally *t = ctx;
	t->rejects++;
	snprintf(t->why, sizeof t->why, "%s", why);
	return 0;
}

static bool run_capture(const char *rel, tally *t, ash_units *u, int *score)
{
	const char *path = ash_test_shared(rel);
	ash_input *in = NULL;
	memset(t, 0, sizeof *t);
	memset(u, 0, sizeof *u);
	if (!path || ash_input_open(path, &in, NULL))
		return false;
	const char *head;
	size_t hn;
	CHECK_INT(ash_input_peek(in, &head, &hn, NULL), 0);
	const ash_parser *p = ash_parser_sniff(head, hn, score);
	CHECK(p == &ash_netflow_parser);
	ash_parse_opts o = {0};
	void *st = ash_netflow_parser.open(&o);
	ash_sink sink = {.ctx = t, .record = t_rec, .reject = t_rej};
	CHECK_INT(ash_netflow_parser.run(st, in, &sink, u, NULL), 0);
	ash_netflow_parser.close(st);
	ash_input_close(in);
	CHECK_INT(u->read, u->used + u->rejected + u->skipped);
	CHECK_INT(u->rejected, t->rejects);
	return true;
}

/* Notes and sampling rates of the records of one datagram, counted when
 * each record is emitted (its strings live only until the next one). */
typedef struct notes {
	size_t n, sampled, with_rule;
	uint32_t rate;
	char text[8][32];
	size_t count[8];
	size_t ntext;
} notes;

static int count_note(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)err;
	notes *t = ctx;
	t->n++;
	if (r->have & ASH_HAVE_SAMPLING) {
		t->sampled++;
		t->rate = r->sampling;
	}
	t->with_rule += r->rule.n != 0;
	char s[32];
	snprintf(s, sizeof s, "%.*s", (int)r->note.n, r->note.p ? r->note.p : "");
	size_t k = 0;
	while (k < t->ntext && strcmp(t->text[k], s))
		k++;
	if (k == t->ntext && k < 8)
		snprintf(t->text[t->ntext++], sizeof t->text[0], "%s", s);
	if (k < 8)
		t->count[k]++;
	return 0;
}

static size_t note_count(const notes *t, const char *s)
{
	for (size_t k = 0; k < t->ntext; k++)
		if (!strcmp(t->text[k], s))
			return t->count[k];
	return 0;
}

/* Feed files (templates first) to one decoder, tallying the last one. */
static void feed_files(const char *const *names, size_t n, notes *t)
{
	ash_nf *nf = ash_nf_new();
	for (size_t i = 0; i < n; i++) {
		char rel[256];
		static uint8_t buf[1 << 16];
		snprintf(rel, sizeof rel, DAT "%s", names[i]);
		const char *path = ash_test_shared(rel);
		FILE *f = path ? fopen(path, "rb") : NULL;
		CHECK(f != NULL);
		if (!f)
			break;
		size_t len = fread(buf, 1, sizeof buf, f);
		fclose(f);
		ash_nf_result res;
		memset(t, 0, sizeof *t);
		CHECK_INT(ash_nf_datagram(nf, buf, len, NULL, 0, 0, 0, count_note, t,
					  &res, NULL), 0);
	}
	ash_nf_free(nf);
}

/* Juniper MX80 v5 with header sampling 1000: every record says so and is
 * scaled; Cisco ASA NSEL events (233 / 40005 with extended event 33002)
 * are notes, not rules: 14 teardowns in asa_1, creates, updates and
 * teardowns in asa_2. */
TEST(netflow_logstash_sampling_and_nsel_notes)
{
	if (!ash_test_shared(DAT "SOURCE.md")) {
		ash_test_skip("../shared/data/logstash-netflow-dat absent");
		return;
	}
	notes t;
	static const char *const mx80[] = {"netflow5_test_juniper_mx80.dat"};
	feed_files(mx80, 1, &t);
	CHECK_INT(t.n, 29);
	CHECK_INT(t.sampled, 29);
	CHECK_INT(t.rate, 1000);
	CHECK_INT(t.with_rule, 0);
	/* the first record's raw octet count (offset 24 + 20), times 1000 */
	static recs g;
	const char *why;
	ash_nf *nf = ash_nf_new();
	CHECK_INT(dat(nf, "netflow5_test_juniper_mx80.dat", &g, &why), ASH_NF_USED);
	ash_nf_free(nf);
	FILE *f = fopen(ash_test_shared(DAT "netflow5_test_juniper_mx80.dat"), "rb");
	uint8_t hdr[48];
	CHECK(f && fread(hdr, 1, sizeof hdr, f) == sizeof hdr);
	if (f)
		fclose(f);
	uint32_t raw = (uint32_t)hdr[44] << 24 | (uint32_t)hdr[45] << 16 |
		       (uint32_t)hdr[46] << 8 | hdr[47];
	CHECK_INT(hdr[22] << 8 | hdr[23], 1000);
	CHECK_INT(g.r[0].obytes, (uint64_t)raw * 1000);
	CHECK_INT(g.r[0].sampling, 1000);
	static const char *const asa1[] = {"netflow9_test_cisco_asa_1_tpl.dat",
					   "netflow9_test_cisco_asa_1_data.dat"};
	feed_files(asa1, 2, &t);
	CHECK_INT(t.n, 14);
	CHECK_INT(note_count(&t, "teardown 2025"), 13);
	CHECK_INT(note_count(&t, "teardown 2016"), 1);
	CHECK_INT(t.with_rule, 0);
	CHECK_INT(t.sampled, 0);
	static const char *const asa2[] = {"netflow9_test_cisco_asa_2_tpl_26x.dat",
					   "netflow9_test_cisco_asa_2_tpl_27x.dat",
					   "netflow9_test_cisco_asa_2_data.dat"};
	feed_files(asa2, 3, &t);
	CHECK_INT(t.n, 19);
	CHECK_INT(note_count(&t, "create"), 4);
	CHECK_INT(note_count(&t, "update 2030"), 7);
	CHECK_INT(note_count(&t, "teardown 2030"), 8);
}

TEST(netflow_softflowd_exports)
{
	static const struct {
		const char *name;
		uint64_t dgrams, records; /* SOURCE.md table */
	} cases[] = {
		{"beacon-test-cc-1.v5", 20, 594},
		{"beacon-test-cc-1.v9", 22, 594},
		{"beacon-test-cc-1.ipfix", 22, 594},
		{"amp-dns-rrsig.v9", 16, 414},
		{"amp-snmp.ipfix", 165, 4294},
		{"synflood-spoofed.v9", 1419, 37669},
	};
	if (!ash_test_shared("data/derived-netflow-softflowd/SOURCE.md")) {
		ash_test_skip("../shared/data/derived-netflow-softflowd absent");
		return;
	}
	uint64_t beacon_bytes = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char rel[256];
		snprintf(rel, sizeof rel,
			 "data/derived-netflow-softflowd/export-pcap/%s.pcap",
			 cases[i].name);
		tally t;
		ash_units u;
		int score = 0;
		CHECK(run_capture(rel, &t, &u, &score));
		CHECK_INT(score, 95);
		CHECK_INT(u.read, cases[i].dgrams);
		CHECK_INT(u.rejected, 0);
		CHECK_INT(t.records, cases[i].records);
		/* the three exports of one capture carry the same bytes */
		if (i < 3) {
			if (i == 0)
				beacon_bytes = t.bytes;
			CHECK_INT(t.bytes, beacon_bytes);
		}
	}
}

TEST(netflow_ndpi_exports)
{
	tally t;
	ash_units u;
	int score = 0;
	if (!ash_test_shared("data/ndpi-pcaps/SOURCE.md")) {
		ash_test_skip("../shared/data/ndpi-pcaps absent");
		return;
	}
	/* data flowsets only, no templates: all ten wait, then are rejected
	 * at the end of the capture, with why */
	CHECK(run_capture("data/ndpi-pcaps/netflowv9.pcap", &t, &u, &score));
	CHECK_INT(u.read, 10);
	CHECK_INT(u.rejected, 10);
	CHECK_STR(t.why, "data set for template 259 of exporter 192.168.2.134 "
			 "domain 1: its template never came");
	/* captures of ordinary traffic are left to the "pcap" flow meter */
	static const char *const plain[] = {"synscan.pcap", "dropbox.pcap",
					    "upnp.pcap", "NTPv2.pcap"};
	for (size_t i = 0; i < 4; i++) {
		char rel[128];
		snprintf(rel, sizeof rel, "data/ndpi-pcaps/%s", plain[i]);
		ash_input *in = NULL;
		const char *head;
		size_t hn;
		const char *path = ash_test_shared(rel);
		if (!path || ash_input_open(path, &in, NULL))
			continue;
		CHECK_INT(ash_input_peek(in, &head, &hn, NULL), 0);
		CHECK(ash_parser_sniff(head, hn, &score) != &ash_netflow_parser);
		ash_input_close(in);
	}
	/* Fritz!Box IPFIX: templates only in the one datagram: skipped */
	CHECK(run_capture("data/ndpi-pcaps/netflow-fritz.pcap", &t, &u, &score));
	CHECK_INT(u.read, 1);
	CHECK_INT(u.skipped, 1);
	CHECK_INT(t.records, 0);
}
