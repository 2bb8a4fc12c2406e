/* SPDX-License-Identifier: MIT */
/* test_case.c: case.yaml reading (good and bad files) and init. */
#include "harness.h"

#include <stdlib.h>

#include "case/case.h"

static const char *write_tmp(const char *dir, const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static const char *good =
	"case: sg-hub-night\n"
	"sites:\n"
	"  - name: sg-hub\n"
	"    timezone: Asia/Singapore\n"
	"    language: en\n"
	"    networks:\n"
	"      - {cidr: 203.0.113.0/24, zone: dmz}\n"
	"      - {cidr: 10.20.0.0/16, zone: lan}\n"
	"      - {cidr: 10.20.5.0/24, zone: mgmt}\n"
	"      - {cidr: '2001:db8:5::/48', zone: dmz}\n"
	"inventory:\n"
	"  - {ip: 203.0.113.10, name: web01, site: sg-hub, os: linux}\n"
	"expected:\n"
	"  - {name: nightly-backup, src: 203.0.113.20, dst: 198.18.5.10, proto: tcp,\n"
	"     dport: 873, schedule: \"daily 01:00-04:00\", reason: \"rsync to DR\"}\n"
	"colour: blue\n";

TEST(case_yaml_good)
{
	const char *dir = ash_test_tmpdir();
	const char *p = write_tmp(dir, "case.yaml", good);
	ash_case *c = NULL;
	ash_err err;
	CHECK(ash_case_parse_file(p, &c, &err) == 0);
	if (!c)
		return;
	CHECK_STR(c->name, "sg-hub-night");
	CHECK_INT(c->nsites, 1);
	CHECK_STR(c->sites[0].timezone, "Asia/Singapore");
	CHECK_INT(c->nnets, 4);
	CHECK_INT(c->nassets, 1);
	CHECK_STR(c->assets[0].name, "web01");
	CHECK_INT(c->nexpected, 1);
	CHECK_INT(c->expected[0].dport, 873);
	CHECK_INT(c->expected[0].proto, 6);
	CHECK_STR(c->expected[0].reason, "rsync to DR");
	CHECK_INT(c->nwarnings, 1);
	CHECK(strstr(c->warnings[0], "colour") != NULL);
	CHECK(strstr(c->warnings[0], ":16:") != NULL);
	ash_ip ip;
	ash_ip_parse("10.20.5.7", 9, &ip);
	const ash_net *n = ash_case_net_of(c, &ip);
	CHECK(n && !strcmp(n->zone, "mgmt")); /* most specific wins */
	ash_ip_parse("10.20.6.7", 9, &ip);
	n = ash_case_net_of(c, &ip);
	CHECK(n && !strcmp(n->zone, "lan"));
	ash_ip_parse("2001:db8:5::1", 13, &ip);
	n = ash_case_net_of(c, &ip);
	CHECK(n && !strcmp(n->zone, "dmz"));
	ash_ip_parse("8.8.8.8", 7, &ip);
	CHECK(ash_case_net_of(c, &ip) == NULL);
	ash_case_free(c);
}

static void expect_error(const char *text, const char *needle)
{
	const char *dir = ash_test_tmpdir();
	const char *p = write_tmp(dir, "case.yaml", text);
	ash_case *c = NULL;
	ash_err err = {0};
	int rc = ash_case_parse_file(p, &c, &err);
	CHECK(rc == ASH_EFORMAT);
	CHECK(c == NULL);
	if (!strstr(err.msg, needle))
		ash_test_fail(__FILE__, __LINE__, "'%s' lacks '%s'", err.msg, needle);
	ash_case_free(c);
}

TEST(case_yaml_errors_name_line)
{
	expect_error("sites:\n  - name: a\n    timezone: Mars/Base\n",
		     "case.yaml:3:15: timezone: unknown time zone 'Mars/Base'");
	expect_error("sites:\n  - name: a\n    timezone: UTC\n    networks:\n"
		     "      - {cidr: 10.0.0.1/8, zone: lan}\n",
		     "case.yaml:5:16: cidr");
	expect_error("sites: [\n", "not valid YAML");
	expect_error("case: x\n", "no sites");
	expect_error("sites:\n  - timezone: UTC\n", "needs a 'name'");
	expect_error("sites: {a: 1}\n", "case.yaml:1:8: sites: expected a list");
	expect_error("sites:\n  - {name: a, timezone: UTC}\ninventory:\n  - {ip: 300.1.1.1}\n",
		     "case.yaml:4:10: ip");
	expect_error("sites:\n  - {name: a, timezone: UTC}\nexpected:\n  - {name: b}\n",
		     "needs a 'name' and a 'reason'");
	expect_error("sites:\n  - {name: a, timezone: UTC}\n  - {name: a, timezone: UTC}\n",
		     "site name given twice");
	expect_error("", "empty file");
}

TEST(case_yaml_csv_maps)
{
	const char *dir = ash_test_tmpdir();
	const char *p = write_tmp(dir, "case.yaml",
		"sites:\n  - {name: a, timezone: UTC}\n"
		"csv_maps:\n"
		"  edge-fw: \"time=0,src=2,dst=3,sep=;\"\n"
		"  export:\n"
		"    time: Receive Time\n"
		"    src: Source address\n"
		"    dst: \"Destination address\"\n"
		"    dport: 7\n");
	ash_case *c = NULL;
	ash_err err;
	CHECK(ash_case_parse_file(p, &c, &err) == 0);
	if (!c)
		return;
	CHECK_INT(c->ncsv_maps, 2);
	const ash_csvmap_def *d = ash_case_csv_map(c, "edge-fw");
	CHECK(d && !strcmp(d->spec, "time=0,src=2,dst=3,sep=;"));
	CHECK(d && d->line == 4);
	d = ash_case_csv_map(c, "export");
	CHECK(d && !strcmp(d->spec, "time=Receive Time,src=Source address,"
			      "dst=Destination address,dport=7"));
	CHECK(d && d->line == 5);
	CHECK(ash_case_csv_map(c, "nope") == NULL);
	CHECK(ash_case_csv_map(c, NULL) == NULL); /* two maps, none "default" */
	ash_case_free(c);

	p = write_tmp(dir, "case.yaml", "sites:\n  - {name: a, timezone: UTC}\n"
		      "csv_maps: {only: \"time=0,src=1,dst=2\"}\n");
	CHECK(ash_case_parse_file(p, &c, &err) == 0);
	CHECK(c && ash_case_csv_map(c, NULL) == &c->csv_maps[0]); /* the only one */
	ash_case_free(c);

	const char *head = "sites:\n  - {name: a, timezone: UTC}\n";
	char buf[512];
	snprintf(buf, sizeof buf, "%scsv_maps: [a]\n", head);
	expect_error(buf, "case.yaml:3:11: csv_maps: expected a mapping");
	snprintf(buf, sizeof buf, "%scsv_maps:\n  \"a b\": \"time=0\"\n", head);
	expect_error(buf, "case.yaml:4:3: csv_maps: a map name is one word");
	snprintf(buf, sizeof buf, "%scsv_maps:\n  x: {time: \"a,b\"}\n", head);
	expect_error(buf, "case.yaml:4:13: time: a column name cannot hold");
	snprintf(buf, sizeof buf, "%scsv_maps:\n  x: \"time=0\"\n  x: \"time=1\"\n", head);
	expect_error(buf, "case.yaml:5:3: csv_maps: this name is already used");
}

TEST(case_create_and_load)
{
	char dir[512];
	snprintf(dir, sizeof dir, "%s/c1", ash_test_tmpdir());
	const char *nets[] = {"203.0.113.0/24=dmz", "10.20.0.0/16=lan"};
	ash_case_init in = {.name = "weird \"name\"\n", .site = "sg-hub",
			    .tz = "Asia/Singapore", .nets = nets, .nnets = 2};
	ash_err err;
	CHECK(ash_case_create(dir, &in, &err) == 0);
	ash_case *c = NULL;
	CHECK(ash_case_load(dir, &c, &err) == 0);
	if (c) {
		CHECK_STR(c->name, "weird \"name\"\n");
		CHECK_INT(c->nnets, 2);
		CHECK_STR(c->sites[0].name, "sg-hub");
		CHECK_INT(c->nwarnings, 0);
	}
	ash_case_free(c);
	CHECK(ash_case_create(dir, &in, &err) == ASH_EEXIST);
	const char *bad[] = {"10.0.0.0/8"};
	ash_case_init in2 = {.name = "x", .nets = bad, .nnets = 1};
	snprintf(dir, sizeof dir, "%s/c2", ash_test_tmpdir());
	CHECK(ash_case_create(dir, &in2, &err) == ASH_EUSAGE);
	CHECK(ash_case_load("/nonexistent/x", &c, &err) == ASH_ENOTFOUND);
}
