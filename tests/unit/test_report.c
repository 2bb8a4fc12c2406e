/* SPDX-License-Identifier: MIT */
/* test_report.c: the whole report on a small case built through the
 * real APIs - case.yaml, a store of hand-made records (a flood, NTP
 * reflection, beacons to one controller from an inventoried and an
 * unlisted host, a backup), findings, observations, hypotheses decided
 * by ash_verify_hyp, actions and a forced close - with hostile text in
 * every place a person or a log can put it.  Both languages, both
 * formats: sections, numbers, rules, causes, escaping. */
#include "harness.h"

#include <stdlib.h>

#include "case/casedb.h"
#include "case/verify.h"
#include "report/report.h"

#define MIN 60000000LL
#define HOUR (60 * MIN)
#define T0 (1795539600LL * 1000000) /* 2026-11-24T17:00:00Z */

static const char yaml[] =
	"case: \"night <b>&amp;</b>\"\n"
	"sites:\n"
	"  - name: sg-hub\n"
	"    timezone: Asia/Singapore\n"
	"    language: en\n"
	"    networks:\n"
	"      - {cidr: 203.0.113.0/24, zone: dmz}\n"
	"      - {cidr: 10.99.0.0/24, zone: mgmt}\n"
	"inventory:\n"
	"  - {ip: 203.0.113.10, name: \"web\\e[31m01<script>\", site: sg-hub, role: web}\n"
	"  - {ip: 203.0.113.25, name: mail01, site: sg-hub, role: mail}\n"
	"  - {ip: 203.0.113.123, name: ntp01, site: sg-hub, role: ntp}\n"
	"  - {ip: 203.0.113.20, name: files01, site: sg-hub}\n"
	"expected:\n"
	"  - {name: nightly-backup, src: 203.0.113.20, dst: 198.18.5.10, proto: tcp,\n"
	"     dport: 873, schedule: \"daily 01:00-04:00\", reason: \"rsync to DR\"}\n";

static ash_ip ip(const char *s)
{
	ash_ip a;
	memset(&a, 0, sizeof a);
	ash_ip_parse(s, strlen(s), &a);
	return a;
}

static void rec(ash_store_txn *t, int64_t at, const char *src, const char *dst,
		int proto, int dport, uint64_t ob, uint64_t rb)
{
	ash_rec r;
	memset(&r, 0, sizeof r);
	r.t_start = at;
	r.src = ip(src), r.dst = ip(dst);
	r.proto = (uint8_t)proto, r.dport = (uint16_t)dport, r.sport = 40000;
	r.obytes = ob, r.rbytes = rb, r.opkts = ob / 1000 + 1, r.rpkts = rb / 1000;
	r.have = ASH_HAVE_SPORT | ASH_HAVE_DPORT | ASH_HAVE_OBYTES | ASH_HAVE_RBYTES |
		 ASH_HAVE_OPKTS | ASH_HAVE_RPKTS | ASH_HAVE_PROTO;
	r.format = ASH_FMT_ZEEK_TSV;
	CHECK_INT(ash_store_append(t, &r, NULL), 0);
}

static ash_store *make_store(const char *dir)
{
	char p[4096];
	ash_store *s = NULL;
	ash_store_txn *t = NULL;
	ash_evidence ev;
	memset(&ev, 0, sizeof ev);
	memset(ev.sha256, 0xab, sizeof ev.sha256);
	snprintf(ev.name, sizeof ev.name, "conn\x1b[2J<i>.log");
	snprintf(ev.site, sizeof ev.site, "sg-hub");
	ev.size = 12345;
	snprintf(p, sizeof p, "%s/store", dir);
	CHECK_INT(ash_store_open(p, true, &s, NULL), 0);
	CHECK_INT(ash_store_begin(s, &ev, &t, NULL), 0);
	for (int h = -30; h < 6; h++) /* baseline web traffic */
		rec(t, T0 + h * HOUR + 5 * MIN, "10.99.0.5", "203.0.113.10", 6, 443,
		    20000, 400000);
	for (int m = 10; m < 110; m += 10) /* the flood */
		rec(t, T0 + m * MIN, "203.0.113.10", "198.51.100.7", 17, 80,
		    3000000000ull, 0);
	for (int m = 12; m < 100; m += 8) /* NTP monlist reflection */
		rec(t, T0 + m * MIN, "192.0.2.221", "203.0.113.123", 17, 123, 234,
		    40000000);
	for (int h = -30; h < 6; h++) { /* beacons, one host not listed */
		rec(t, T0 + h * HOUR + 2 * MIN, "203.0.113.25", "198.51.100.65", 6, 443, 400, 500);
		rec(t, T0 + h * HOUR + 3 * MIN, "203.0.113.77", "198.51.100.65", 6, 443, 400, 500);
	}
	rec(t, T0 - 9 * HOUR, "203.0.113.20", "198.18.5.10", 6, 873, 8000000000ull, 1000);
	CHECK_INT(ash_store_commit(t, NULL), 0);
	return s;
}

static void finding(ash_findings *fs, const char *kind, int verdict,
		    const char *host, const char *host2, const char *peer,
		    int64_t from, int64_t to, const char *summary, const char *filter)
{
	ash_finding *f = ash_findings_add(fs, kind);
	f->verdict = verdict;
	f->site = strdup("sg-hub");
	ash_ip a = ip(host);
	ash_finding_host(f, &a);
	if (host2) {
		a = ip(host2);
		ash_finding_host(f, &a);
	}
	if (peer) {
		a = ip(peer);
		ash_finding_peer(f, &a);
	}
	f->start = from, f->end = to, f->score = 0.9;
	f->summary = strdup(summary);
	f->why = strdup("because");
	f->filter = strdup(filter);
	f->records = 10, f->bytes = 1000;
}

static int64_t obs_of(const ash_casedb_snap *s, const char *kind)
{
	for (size_t i = 0; i < s->nobs; i++) {
		const ash_cdb_finding *f = s->obs[i].finding ?
			ash_snap_finding(s, s->obs[i].finding) : NULL;
		if (f && !strcmp(f->kind, kind))
			return s->obs[i].id;
	}
	return 0;
}

static char *hostile_long(void)
{
	const char unit[] = "<script>alert('x')</script>\x1b[31m\"q\"\xff&amp;|*_ ";
	size_t ul = sizeof unit - 1, reps = 100000 / ul + 1;
	char *s = malloc(ul * reps + 32);
	strcpy(s, "LONG-START ");
	for (size_t i = 0; i < reps; i++)
		memcpy(s + 11 + i * ul, unit, ul);
	strcpy(s + 11 + reps * ul, " LONG-END");
	return s;
}

typedef struct fixture {
	ash_case *c;
	ash_store *s;
	ash_casedb *db;
	ash_casedb_snap *snap;
} fixture;

static void hyp(fixture *x, const char *claim, const char *lang, const char *verify,
		const char *expect, int64_t obs)
{
	ash_hyp_in h = {{claim, lang}, verify, expect, "Aiko", obs};
	CHECK_INT(ash_casedb_hyp_add(x->db, &h, NULL, NULL), 0);
}

static void people_and_hypotheses(fixture *x, const char *long_text)
{
	ash_casedb_snap *s = NULL;
	CHECK_INT(ash_casedb_snap_read(x->db, &s, NULL), 0);
	if (!s)
		return;
	hyp(x, "web01 flooded 198.51.100.7", "en", "src host 203.0.113.10 and proto udp",
	    "bytes > 10G", obs_of(s, "dos_source"));
	hyp(x, "ntp01 が NTP 増幅攻撃に悪用された", "ja", "finding:reflector:203.0.113.123",
	    "findings >= 1", obs_of(s, "reflector"));
	hyp(x, "mail01 and the unknown 203.0.113.77 beacon to one controller", "en",
	    "finding:infected_cluster", "findings >= 1", obs_of(s, "infected_cluster"));
	hyp(x, "files01 exfiltrated data <img src=x>", "en",
	    "src host 203.0.113.20 and not dst port 873", "bytes > 1G",
	    obs_of(s, "periodic_transfer"));
	hyp(x, "Hostile \x1b]0;title\x07 \xc3( \"claim\" 'x' <b>", "en",
	    "src host 192.0.2.1", "records >= 1", 0);
	ash_casedb_snap_free(s);
	const char *hosts[1] = {"203.0.113.10"};
	ash_obs_in o = {{long_text, "en"}, {T0 + 10 * MIN, 9 * 3600, "Asia/Tokyo"},
			"<Kenji>", "sg-hub", hosts, 1};
	CHECK_INT(ash_casedb_obs_add(x->db, &o, NULL, NULL), 0);
	ash_act_in a = {{"Disconnected web01 \x1b[5m<u>now</u>", "en"}, ASH_ACT_CONTAINMENT,
			{T0 + 2 * HOUR, 8 * 3600, NULL}, "Lee", "sg-hub", hosts, 1};
	CHECK_INT(ash_casedb_act_add(x->db, &a, NULL, NULL), 0);
}

static void verify_all(fixture *x)
{
	ash_casedb_snap *s = NULL;
	CHECK_INT(ash_casedb_snap_read(x->db, &s, NULL), 0);
	for (size_t i = 0; s && i < s->nhyps; i++) {
		if (strstr(s->hyps[i].verify, "192.0.2.1"))
			continue; /* stays open */
		ash_verify_result vr;
		CHECK_INT(ash_verify_hyp(x->db, x->c, x->s, s, &s->hyps[i], "Aiko", 1,
					 &vr, NULL), 0);
	}
	ash_casedb_snap_free(s);
	ash_text_in why = {"Business wants it closed \x1b[2J<script>x</script>", "en"};
	CHECK_INT(ash_casedb_close_case(x->db, true, &why, "Site <mgr>", NULL, NULL), 0);
}

static void setup(fixture *x, char **long_text)
{
	const char *dir = ash_test_tmpdir();
	char p[4096];
	memset(x, 0, sizeof *x);
	snprintf(p, sizeof p, "%s/case.yaml", dir);
	FILE *f = fopen(p, "w");
	fputs(yaml, f);
	fclose(f);
	CHECK_INT(ash_case_load(dir, &x->c, NULL), 0);
	x->s = make_store(dir);
	snprintf(p, sizeof p, "%s/case.db", dir);
	CHECK_INT(ash_casedb_open_path(p, &x->db, NULL), 0);
	if (!x->c || !x->s || !x->db)
		return;
	ash_casedb_set_now(x->db, T0 + 30 * HOUR);
	CHECK_INT(ash_casedb_sync_case(x->db, x->c, NULL), 0);
	CHECK_INT(ash_casedb_evidence_import(x->db, x->s, NULL, NULL), 0);
	ash_findings fs;
	memset(&fs, 0, sizeof fs);
	finding(&fs, "traffic_spike", ASH_V_MALICIOUS, "203.0.113.10", NULL, NULL,
		T0, T0 + 2 * HOUR, "spike", "");
	finding(&fs, "dos_source", ASH_V_MALICIOUS, "203.0.113.10", NULL, "198.51.100.7",
		T0 + 10 * MIN, T0 + 100 * MIN, "<script>alert(1)</script> flood",
		"src host 203.0.113.10 and proto udp");
	finding(&fs, "reflector", ASH_V_MALICIOUS, "203.0.113.123", NULL, "192.0.2.221",
		T0 + 12 * MIN, T0 + 90 * MIN, "ntp reflection", "dst host 203.0.113.123");
	finding(&fs, "infected_cluster", ASH_V_MALICIOUS, "203.0.113.25", "203.0.113.77",
		"198.51.100.65", T0 - 30 * HOUR, T0 + 6 * HOUR, "same controller",
		"dst host 198.51.100.65");
	/* a long one overlapping the spike: must not stretch the window */
	finding(&fs, "reflector", ASH_V_MALICIOUS, "203.0.113.30", NULL, "192.0.2.9",
		T0 - 30 * HOUR, T0 + 6 * HOUR, "long", "dst host 203.0.113.30");
	finding(&fs, "periodic_transfer", ASH_V_BENIGN, "203.0.113.20", NULL,
		"198.18.5.10", T0 - 9 * HOUR, T0 - 8 * HOUR, "backup", "dst port 873");
	CHECK_INT(ash_casedb_add_findings(x->db, fs.v, fs.n, NULL, NULL), 0);
	ash_findings_free(&fs);
	*long_text = hostile_long();
	people_and_hypotheses(x, *long_text);
	verify_all(x);
	CHECK_INT(ash_casedb_snap_read(x->db, &x->snap, NULL), 0);
}

static void teardown(fixture *x)
{
	ash_casedb_snap_free(x->snap);
	ash_casedb_close(x->db);
	if (x->s)
		ash_store_close(x->s);
	ash_case_free(x->c);
}

static char *write_report(fixture *x, const char *lang, int fmt)
{
	ash_report_in in = {x->c, x->s, x->snap, lang, fmt, INT64_MIN, INT64_MIN,
			    T0 + 31 * HOUR, 1};
	ash_strbuf b;
	ash_err err = {0};
	ash_strbuf_init(&b, 0);
	int rc = ash_report_write(&in, &b, &err);
	if (rc)
		ash_test_fail(__FILE__, __LINE__, "report: %s", err.msg);
	char *s = strdup(ash_strbuf_str(&b));
	ash_strbuf_free(&b);
	return s;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p++)
		n++;
	return n;
}

/* Valid UTF-8, and no control byte but \n (and \t in rule blocks). */
static bool inert_bytes(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f || *p == 0xff)
			return false;
	return true;
}

/* The Markdown without its fenced blocks (whose text is literal). */
static char *md_prose(const char *r)
{
	char *o = strdup(r), *w = o;
	bool in = false;
	for (const char *p = r; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
		if (!strncmp(p, "```", 3))
			in = !in;
		else if (!in) {
			memcpy(w, p, n);
			w += n;
		}
		p += n;
	}
	*w = '\0';
	return o;
}

static void common_checks(const char *r, bool md)
{
	CHECK(inert_bytes(r));
	CHECK(strstr(r, "<script") == NULL);
	CHECK(strstr(r, "<img") == NULL);
	CHECK(strstr(r, "<b>") == NULL && strstr(r, "<u>") == NULL);
	/* the hostile long observation is there whole, escaped */
	CHECK_INT(count(r, "LONG-START"), 1);
	CHECK_INT(count(r, "LONG-END"), 1);
	CHECK(count(r, md ? "\\x1b\\[31m" : "\\x1b[31m") > 2000);
	/* rules: web01 and the two beacon hosts isolated, the controller blocked,
	 * the reflector is not isolated, mgmt keeps access */
	CHECK(strstr(r, "iptables -A ASHIATO-IR -s 203.0.113.10 -j DROP") != NULL);
	CHECK(strstr(r, "iptables -A ASHIATO-IR -s 203.0.113.77 -j DROP") != NULL);
	CHECK(strstr(r, "iptables -A ASHIATO-IR -d 198.51.100.65 -j DROP") != NULL);
	CHECK(strstr(r, "-s 203.0.113.123 -j DROP") == NULL);
	CHECK(strstr(r, "-s 203.0.113.20 -j DROP") == NULL);
	CHECK(strstr(r, "-d 203.0.113.10 -s 10.99.0.0/24 -j RETURN") != NULL);
	CHECK(strstr(r, "access-list dmz_access_in line 1 extended deny ip object-group ASHIATO-ISOLATE any") != NULL);
	CHECK(strstr(r, md ? "nft -f - <<'EOF'" : "nft -f - &lt;&lt;&#39;EOF&#39;") != NULL);
}

TEST(report_html_en)
{
	fixture x;
	char *lt = NULL;
	setup(&x, &lt);
	if (!x.snap)
		goto out;
	char *r = write_report(&x, "en", ASH_REPORT_HTML);
	common_checks(r, false);
	CHECK(strncmp(r, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
	CHECK(strstr(r, "default-src 'none'") != NULL);
	CHECK(strstr(r, "src=\"") == NULL && strstr(r, "href") == NULL);
	CHECK(strstr(r, "&lt;script&gt;alert(1)&lt;/script&gt; flood") != NULL);
	CHECK(strstr(r, "web\\x1b[31m01&lt;script&gt;") != NULL);
	CHECK(strstr(r, "night &lt;b&gt;&amp;amp;&lt;/b&gt;") != NULL);
	/* two charts, the window shaded */
	CHECK_INT(count(r, "<svg "), 2);
	CHECK_INT(count(r, "class=\"window\""), 1);
	/* counts: 5 hypotheses, 3 confirmed, 1 ruled out, 1 open */
	CHECK(strstr(r, "Hypotheses checked against the logs: 5. Confirmed: 3; "
			"ruled out: 1; still open: 1.") != NULL);
	/* the backup ruled out, explained by case.yaml */
	CHECK(strstr(r, "files01 exfiltrated data &lt;img src=x&gt;") != NULL);
	CHECK(strstr(r, "expected job: nightly-backup (daily 01:00-04:00): rsync to DR.") != NULL);
	/* root causes: the NTP reflector found from the store's port 123 */
	CHECK(strstr(r, "NTP server answering monlist") != NULL);
	CHECK(strstr(r, "Several hosts infected with the same malware") != NULL);
	CHECK(strstr(r, "A host outside the inventory") != NULL);
	CHECK(strstr(r, "Own host flooding an outside target") != NULL);
	/* the Japanese claim shown as written, marked */
	CHECK(strstr(r, "ntp01 が NTP 増幅攻撃に悪用された (original, Japanese)") != NULL);
	/* window both zones: 17:00Z is 01:00 in Singapore */
	CHECK(strstr(r, "Incident window: 2026-11-25 01:00:00 to 2026-11-25 03:00:00 "
			"site time (Asia/Singapore, UTC+08:00); 2026-11-24 17:00:00 to "
			"2026-11-24 19:00:00 UTC.") != NULL);
	/* the observer gave Tokyo time: shown as given too */
	CHECK(strstr(r, "(given as 2026-11-25 02:10:00, UTC+09:00)") != NULL);
	/* forced close with its reason */
	CHECK(strstr(r, "closed by force") != NULL);
	CHECK(strstr(r, "Business wants it closed \\x1b[2J&lt;script&gt;x&lt;/script&gt;") != NULL);
	CHECK(strstr(r, "Do not close an incident before its cause is known") != NULL);
	free(r);
out:
	free(lt);
	teardown(&x);
}

TEST(report_ja_and_markdown)
{
	fixture x;
	char *lt = NULL;
	setup(&x, &lt);
	if (!x.snap)
		goto out;
	char *r = write_report(&x, "ja", ASH_REPORT_HTML);
	common_checks(r, false);
	CHECK(strstr(r, "<html lang=\"ja\">") != NULL);
	static const char *const titles[] = {"<h2 id=\"summary\">概要</h2>",
		">発生した事象<", ">時系列<", ">仮説と検証<", ">影響を受けたホスト<",
		">封じ込めと推奨対策<", ">根本原因と改善策<"};
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
		CHECK(strstr(r, titles[i]) != NULL);
	CHECK(strstr(r, "monlistに応答するNTPサーバ") != NULL);
	CHECK(strstr(r, "web01 flooded 198.51.100.7（原文：英語）") != NULL);
	CHECK(strstr(r, "2026/11/25 01:00:00") != NULL);
	CHECK(strstr(r, "Hypotheses checked") == NULL);
	free(r);
	r = write_report(&x, "ja", ASH_REPORT_MD);
	common_checks(r, true);
	char *prose = md_prose(r);
	CHECK(strchr(prose, '<') == NULL); /* no HTML at all in the Markdown */
	free(prose);
	CHECK(strncmp(r, "# インシデント報告書：night &lt;b&gt;&amp;amp;&lt;/b&gt;\n", 60) == 0);
	CHECK(strstr(r, "\n## 概要\n") != NULL);
	CHECK(strstr(r, "\n```\niptables -N ASHIATO-IR\n") != NULL);
	CHECK(strstr(r, "| 現地時間 | UTC | 区分 | 内容 | ID |\n|---|---|---|---|---|\n") != NULL);
	free(r);
	r = write_report(&x, "en", ASH_REPORT_MD);
	common_checks(r, true);
	prose = md_prose(r);
	CHECK(strchr(prose, '<') == NULL);
	free(prose);
	CHECK(strstr(r, "&lt;script&gt;alert(1)&lt;/script&gt; flood") != NULL);
	/* every table row has as many cells as its header */
	for (const char *p = r; (p = strstr(p, "\n|")); p++) {
		const char *e = strchr(p + 1, '\n');
		size_t bars = 0;
		for (const char *q = p + 1; q < e; q++)
			bars += *q == '|' && q[-1] != '\\';
		CHECK(bars >= 3);
	}
	free(r);
	ash_report_in bad = {x.c, x.s, x.snap, "xx", ASH_REPORT_HTML, INT64_MIN,
			     INT64_MIN, 0, 1};
	ash_strbuf b;
	ash_strbuf_init(&b, 0);
	CHECK_INT(ash_report_write(&bad, &b, NULL), ASH_ENOTFOUND);
	ash_strbuf_free(&b);
	/* a cap too small is an error, not a cut report */
	ash_report_in ok = {x.c, x.s, x.snap, "en", ASH_REPORT_MD, INT64_MIN,
			    INT64_MIN, 0, 1};
	ash_strbuf_init(&b, 10000);
	CHECK_INT(ash_report_write(&ok, &b, NULL), ASH_ELIMIT);
	ash_strbuf_free(&b);
out:
	free(lt);
	teardown(&x);
}
