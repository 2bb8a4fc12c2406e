/* SPDX-License-Identifier: MIT */
/* test_report_i18n.c: message catalogs - parsing and its errors, safe
 * substitution (arguments are never re-read as templates or formats),
 * the embedded ja and en catalogs complete and consistent with each
 * other and with every key the report code names. */
#include "harness.h"

#include <dirent.h>
#include <stdlib.h>

#include "report/escape.h"
#include "report/i18n.h"

#define S(lit) lit, sizeof(lit) - 1

TEST(i18n_parse_and_errors)
{
	ash_i18n *c = NULL;
	ash_err err;
	CHECK_INT(ash_i18n_parse("t", S("# comment\n\nb.k\tB {0}\\n\\t\\\\x\r\na\tA\n"),
				 &c, &err), 0);
	CHECK_INT(ash_i18n_count(c), 2);
	CHECK_STR(ash_i18n_key(c, 0), "a");
	CHECK_STR(ash_i18n_get(c, "b.k"), "B {0}\n\t\\x");
	CHECK(ash_i18n_get(c, "zz") == NULL);
	CHECK_STR(ash_i18n_t(c, "zz"), "zz");
	ash_i18n_free(c);
	c = NULL;
	CHECK_INT(ash_i18n_parse("m.txt", S("a\tx\nno tab here\n"), &c, &err), ASH_EFORMAT);
	CHECK_STR(err.msg, "m.txt:2: no tab after the key");
	CHECK(c == NULL);
	CHECK_INT(ash_i18n_parse("m.txt", S("Bad\tx\n"), &c, &err), ASH_EFORMAT);
	CHECK_INT(ash_i18n_parse("m.txt", S("a\tx\na\ty\n"), &c, &err), ASH_EFORMAT);
	CHECK(strstr(err.msg, "'a' given twice") != NULL);
	char *big = malloc(ASH_I18N_MAX_LINE + 10);
	memset(big, 'x', ASH_I18N_MAX_LINE + 10);
	big[0] = 'k', big[1] = '\t';
	CHECK_INT(ash_i18n_parse("m.txt", big, ASH_I18N_MAX_LINE + 10, &c, &err), ASH_ELIMIT);
	free(big);
	/* NUL bytes and invalid UTF-8 in a catalog are just text */
	CHECK_INT(ash_i18n_parse("m.txt", S("k\ta\xff" "b\n"), &c, &err), 0);
	CHECK_STR(ash_i18n_get(c, "k"), "a\xff" "b");
	ash_i18n_free(c);
}

TEST(i18n_substitution_is_not_a_format)
{
	ash_strbuf b;
	ash_strbuf_init(&b, 0);
	const char *args[3] = {"%s%n%x", "{0}{1}", NULL};
	ash_i18n_subst(&b, NULL, 0, "a {0} b {1} c {2} d {7} {{0}", args, 3);
	CHECK_STR(ash_strbuf_str(&b), "a %s%n%x b {0}{1} c  d {7} {0}");
	ash_strbuf_reset(&b);
	const char *h[1] = {"<script>\"x\"</script>"};
	ash_i18n_subst(&b, ash_esc_html, 0, "<b>{0}</b>", h, 1);
	CHECK_STR(ash_strbuf_str(&b),
		  "&lt;b&gt;&lt;script&gt;&quot;x&quot;&lt;/script&gt;&lt;/b&gt;");
	ash_strbuf_reset(&b);
	ash_i18n_subst(&b, NULL, 0, "{", NULL, 0);
	ash_i18n_subst(&b, NULL, 0, "x{9", NULL, 0);
	CHECK_STR(ash_strbuf_str(&b), "{x{9");
	CHECK_INT(ash_i18n_placeholders("{0} {{1} {3}{9} {x}"), (1 << 0) | (1 << 3) | (1 << 9));
	ash_strbuf_free(&b);
}

TEST(i18n_embedded_catalogs)
{
	ash_i18n *ja = NULL, *en = NULL, *x = NULL;
	ash_err err;
	CHECK_INT(ash_i18n_open("ja", &ja, &err), 0);
	CHECK_INT(ash_i18n_open("en", &en, &err), 0);
	CHECK_INT(ash_i18n_open("fr", &x, &err), ASH_ENOTFOUND);
	CHECK(strstr(err.msg, "en, ja") != NULL);
	CHECK_INT(ash_i18n_open("../../etc/passwd", &x, &err), ASH_ENOTFOUND);
	CHECK(strstr(err.msg, "passwd") == NULL);
	if (!ja || !en)
		goto out;
	CHECK_STR(ash_i18n_lang(ja), "ja");
	/* the section titles a Japanese reader expects */
	static const char *const titles[][2] = {
		{"sec.summary", "概要"}, {"sec.events", "発生した事象"},
		{"sec.timeline", "時系列"}, {"sec.hyps", "仮説と検証"},
		{"sec.hosts", "影響を受けたホスト"},
		{"sec.containment", "封じ込めと推奨対策"},
		{"sec.causes", "根本原因と改善策"}};
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
		CHECK_STR(ash_i18n_get(ja, titles[i][0]), titles[i][1]);
	/* same keys, same placeholders, nothing left untranslated */
	CHECK_INT(ash_i18n_count(ja), ash_i18n_count(en));
	size_t same = 0;
	for (size_t i = 0; i < ash_i18n_count(en); i++) {
		const char *k = ash_i18n_key(en, i);
		const char *tj = ash_i18n_get(ja, k), *te = ash_i18n_get(en, k);
		CHECK(tj != NULL);
		if (!tj)
			continue;
		if (ash_i18n_placeholders(tj) != ash_i18n_placeholders(te))
			ash_test_fail(__FILE__, __LINE__, "placeholders differ: %s", k);
		same += !strcmp(tj, te);
	}
	CHECK(same < 8); /* "ID", "UTC", "SHA-256", "Cisco ASA", ... only */
	/* a key missing from both reads as itself */
	CHECK_STR(ash_i18n_t(ja, "no.such.key"), "no.such.key");
out:
	ash_i18n_free(ja);
	ash_i18n_free(en);
}

/* Every "a.b" literal in the .c files of src/report and every key made at run time
 * is in the catalogs. */
static void check_key(const ash_i18n *en, const ash_i18n *ja, const char *k)
{
	if (!ash_i18n_get(en, k) || !ash_i18n_get(ja, k))
		ash_test_fail(__FILE__, __LINE__, "key not in the catalogs: %s", k);
}

static size_t keys_in_file(const char *path, const ash_i18n *en, const ash_i18n *ja)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;
	char line[1024];
	while (f && fgets(line, sizeof line, f)) {
		for (char *p = line; (p = strchr(p, '"')); ) {
			char *q = strchr(p + 1, '"');
			if (!q)
				break;
			size_t len = (size_t)(q - p - 1), dots = 0, ok = len > 2;
			for (char *s = p + 1; s < q && ok; s++) {
				ok = (*s >= 'a' && *s <= 'z') || *s == '_' || *s == '.';
				dots += *s == '.';
			}
			if (ok && dots && p[1] != '.' && q[-1] != '.') {
				char k[128];
				snprintf(k, sizeof k, "%.*s", (int)len, p + 1);
				check_key(en, ja, k);
				n++;
			}
			p = q + 1;
		}
	}
	if (f)
		fclose(f);
	return n;
}

TEST(i18n_code_keys_exist)
{
	ash_i18n *ja = NULL, *en = NULL;
	CHECK_INT(ash_i18n_open("ja", &ja, NULL), 0);
	CHECK_INT(ash_i18n_open("en", &en, NULL), 0);
	if (!ja || !en)
		return;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", ash_test_path("src/report"));
	DIR *d = opendir(dir);
	size_t n = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		size_t l = strlen(e->d_name);
		if (l < 3 || strcmp(e->d_name + l - 2, ".c"))
			continue;
		char p[8192];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		n += keys_in_file(p, en, ja);
	}
	if (d)
		closedir(d);
	CHECK(n > 100);
	static const char *const dyn[] = {"kind", "traffic_spike", "dos_source",
		"reflector", "scan_source", "beacon", "infected_cluster",
		"ioc_match", "unknown_asset", "periodic_transfer", "policy_violation",
		"verdict", "malicious", "suspicious", "benign", "status", "open",
		"confirmed", "refuted", "result", "confirmed", "refuted", "error",
		"act", "containment", "fix", "other", "tl", "finding_start",
		"finding_end", "first_contact", "last_contact", "spike_start",
		"spike_end", "class_fact", "class_claim", "lang", "ja", "en"};
	const char *group = NULL;
	static const char *const groups[] = {"kind", "verdict", "status",
					     "result", "act", "tl", "lang"};
	for (size_t i = 0; i < sizeof dyn / sizeof dyn[0]; i++) {
		bool is_group = false;
		for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
			is_group |= !strcmp(dyn[i], groups[g]);
		if (is_group) {
			group = dyn[i];
			continue;
		}
		char k[96];
		snprintf(k, sizeof k, "%s.%s", group, dyn[i]);
		check_key(en, ja, k);
	}
	static const char *const causes[] = {"dos_source", "reflector",
		"reflector_dns", "reflector_ntp", "reflector_ssdp",
		"reflector_memcached", "reflector_cldap", "reflector_snmp",
		"reflector_chargen", "infected_cluster", "beacon", "unknown_asset",
		"scan_source", "ioc_match", "policy_violation", "traffic_spike"};
	static const char *const parts[] = {"title", "text", "fix"};
	for (size_t i = 0; i < sizeof causes / sizeof causes[0]; i++)
		for (size_t p = 0; p < 3; p++) {
			char k[96];
			snprintf(k, sizeof k, "cause.%s.%s", causes[i], parts[p]);
			check_key(en, ja, k);
		}
	ash_i18n_free(ja);
	ash_i18n_free(en);
}
