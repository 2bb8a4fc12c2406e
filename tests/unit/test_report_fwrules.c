/* SPDX-License-Identifier: MIT */
/* test_report_fwrules.c: isolation and blocking rules in iptables,
 * nftables and Cisco ASA syntax - exact text for a small case, IPv6,
 * de-duplication, undo, refused ACL names, limits. */
#include "harness.h"

#include <stdlib.h>

#include "core/ip.h"
#include "report/fwrules.h"

static ash_ip ip(const char *s)
{
	ash_ip a;
	memset(&a, 0, sizeof a);
	CHECK_INT(ash_ip_parse(s, strlen(s), &a), 0);
	return a;
}

static ash_cidr net(const char *s)
{
	ash_cidr c;
	memset(&c, 0, sizeof c);
	CHECK_INT(ash_cidr_parse(s, strlen(s), false, &c), 0);
	return c;
}

static char *rules(const ash_fwrules_in *in, int syntax, bool undo, int want_rc)
{
	ash_strbuf b;
	ash_err err;
	ash_strbuf_init(&b, 0);
	CHECK_INT(ash_fwrules_write(in, syntax, undo, &b, &err), want_rc);
	char *s = strdup(ash_strbuf_str(&b));
	ash_strbuf_free(&b);
	return s;
}

TEST(fwrules_iptables)
{
	/* unsorted with a duplicate; the isolated host is also in block */
	ash_ip iso[] = {ip("203.0.113.77"), ip("203.0.113.10"), ip("203.0.113.77")};
	ash_ip blk[] = {ip("198.51.100.65"), ip("203.0.113.10")};
	ash_cidr allow[] = {net("10.99.0.0/24")};
	ash_fwrules_in in = {iso, 3, blk, 2, allow, 1, NULL, 0};
	char *s = rules(&in, ASH_FW_IPTABLES, false, 0);
	CHECK_STR(s,
		"iptables -N ASHIATO-IR\n"
		"iptables -A ASHIATO-IR -d 203.0.113.10 -s 10.99.0.0/24 -j RETURN\n"
		"iptables -A ASHIATO-IR -s 203.0.113.10 -d 10.99.0.0/24 -j RETURN\n"
		"iptables -A ASHIATO-IR -d 203.0.113.77 -s 10.99.0.0/24 -j RETURN\n"
		"iptables -A ASHIATO-IR -s 203.0.113.77 -d 10.99.0.0/24 -j RETURN\n"
		"iptables -A ASHIATO-IR -s 203.0.113.10 -j DROP\n"
		"iptables -A ASHIATO-IR -d 203.0.113.10 -j DROP\n"
		"iptables -A ASHIATO-IR -s 203.0.113.77 -j DROP\n"
		"iptables -A ASHIATO-IR -d 203.0.113.77 -j DROP\n"
		"iptables -A ASHIATO-IR -s 198.51.100.65 -j DROP\n"
		"iptables -A ASHIATO-IR -d 198.51.100.65 -j DROP\n"
		"iptables -I FORWARD 1 -j ASHIATO-IR\n"
		"iptables -I INPUT 1 -j ASHIATO-IR\n"
		"iptables -I OUTPUT 1 -j ASHIATO-IR\n");
	free(s);
	s = rules(&in, ASH_FW_IPTABLES, true, 0);
	CHECK_STR(s,
		"iptables -D FORWARD -j ASHIATO-IR\n"
		"iptables -D INPUT -j ASHIATO-IR\n"
		"iptables -D OUTPUT -j ASHIATO-IR\n"
		"iptables -F ASHIATO-IR\n"
		"iptables -X ASHIATO-IR\n");
	free(s);
}

TEST(fwrules_ipv6_families)
{
	ash_ip iso[] = {ip("2001:db8:5::10")};
	ash_ip blk[] = {ip("198.51.100.65")};
	ash_cidr allow[] = {net("10.99.0.0/24"), net("2001:db8:99::/48")};
	ash_fwrules_in in = {iso, 1, blk, 1, allow, 2, NULL, 0};
	char *s = rules(&in, ASH_FW_IPTABLES, false, 0);
	/* v4: only the block (no v4 host to isolate, so no allow rules) */
	CHECK(strstr(s, "iptables -A ASHIATO-IR -d 198.51.100.65 -j DROP\n") != NULL);
	CHECK(strstr(s, "iptables -A ASHIATO-IR -d 198.51.100.65 -s") == NULL);
	CHECK(strstr(s, "ip6tables -A ASHIATO-IR -d 2001:db8:5::10 -s 2001:db8:99::/48 -j RETURN\n") != NULL);
	CHECK(strstr(s, "ip6tables -A ASHIATO-IR -s 2001:db8:5::10 -j DROP\n") != NULL);
	CHECK(strstr(s, "10.99.0.0/24") == NULL);
	CHECK(strstr(s, "ip6tables -I FORWARD 1 -j ASHIATO-IR\n") != NULL);
	free(s);
	s = rules(&in, ASH_FW_NFTABLES, false, 0);
	CHECK(strstr(s, "\tset isolate6 {\n\t\ttype ipv6_addr\n\t\telements = { 2001:db8:5::10 }\n\t}\n") != NULL);
	CHECK(strstr(s, "\tset allow6 {\n\t\ttype ipv6_addr\n\t\tflags interval\n\t\telements = { 2001:db8:99::/48 }\n\t}\n") != NULL);
	CHECK(strstr(s, "set allow4") == NULL); /* nothing v4 to isolate */
	CHECK(strstr(s, "\t\tip6 saddr @allow6 ip6 daddr @isolate6 return\n") != NULL);
	CHECK(strstr(s, "\t\tip daddr @block4 drop\n") != NULL);
	free(s);
}

TEST(fwrules_nftables)
{
	ash_ip iso[] = {ip("203.0.113.10"), ip("203.0.113.77")};
	ash_ip blk[] = {ip("198.51.100.65")};
	ash_cidr allow[] = {net("10.99.0.0/24")};
	ash_fwrules_in in = {iso, 2, blk, 1, allow, 1, NULL, 0};
	char *s = rules(&in, ASH_FW_NFTABLES, false, 0);
	CHECK_STR(s,
		"nft -f - <<'EOF'\n"
		"table inet ashiato_ir\n"
		"delete table inet ashiato_ir\n"
		"table inet ashiato_ir {\n"
		"\tset isolate4 {\n\t\ttype ipv4_addr\n"
		"\t\telements = { 203.0.113.10,\n\t\t\t203.0.113.77 }\n\t}\n"
		"\tset block4 {\n\t\ttype ipv4_addr\n"
		"\t\telements = { 198.51.100.65 }\n\t}\n"
		"\tset allow4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n"
		"\t\telements = { 10.99.0.0/24 }\n\t}\n"
		"\tchain ir {\n"
		"\t\tip saddr @allow4 ip daddr @isolate4 return\n"
		"\t\tip saddr @isolate4 ip daddr @allow4 return\n"
		"\t\tip saddr @isolate4 drop\n"
		"\t\tip daddr @isolate4 drop\n"
		"\t\tip saddr @block4 drop\n"
		"\t\tip daddr @block4 drop\n"
		"\t}\n"
		"\tchain forward {\n\t\ttype filter hook forward priority -10; policy accept;\n\t\tjump ir\n\t}\n"
		"\tchain input {\n\t\ttype filter hook input priority -10; policy accept;\n\t\tjump ir\n\t}\n"
		"\tchain output {\n\t\ttype filter hook output priority -10; policy accept;\n\t\tjump ir\n\t}\n"
		"}\nEOF\n");
	free(s);
	s = rules(&in, ASH_FW_NFTABLES, true, 0);
	CHECK_STR(s, "nft delete table inet ashiato_ir\n");
	free(s);
}

TEST(fwrules_asa)
{
	ash_ip iso[] = {ip("203.0.113.10"), ip("2001:db8:5::10")};
	ash_ip blk[] = {ip("198.51.100.65")};
	const char *acls[] = {"outside_access_in", "dmz_access_in"};
	ash_fwrules_in in = {iso, 2, blk, 1, NULL, 0, acls, 2};
	char *s = rules(&in, ASH_FW_ASA, false, 0);
	CHECK_STR(s,
		"object-group network ASHIATO-ISOLATE\n"
		" network-object host 203.0.113.10\n"
		" network-object host 2001:db8:5::10\n"
		"object-group network ASHIATO-BLOCK\n"
		" network-object host 198.51.100.65\n"
		"access-list outside_access_in line 1 extended deny ip any object-group ASHIATO-BLOCK\n"
		"access-list outside_access_in line 1 extended deny ip object-group ASHIATO-BLOCK any\n"
		"access-list outside_access_in line 1 extended deny ip any object-group ASHIATO-ISOLATE\n"
		"access-list outside_access_in line 1 extended deny ip object-group ASHIATO-ISOLATE any\n"
		"access-list dmz_access_in line 1 extended deny ip any object-group ASHIATO-BLOCK\n"
		"access-list dmz_access_in line 1 extended deny ip object-group ASHIATO-BLOCK any\n"
		"access-list dmz_access_in line 1 extended deny ip any object-group ASHIATO-ISOLATE\n"
		"access-list dmz_access_in line 1 extended deny ip object-group ASHIATO-ISOLATE any\n"
		"clear conn address 203.0.113.10\n"
		"clear conn address 198.51.100.65\n"
		"clear conn address 2001:db8:5::10\n");
	free(s);
	s = rules(&in, ASH_FW_ASA, true, 0);
	CHECK(strstr(s, "no access-list dmz_access_in extended deny ip object-group ASHIATO-ISOLATE any\n") != NULL);
	CHECK(strstr(s, "no object-group network ASHIATO-BLOCK\n") != NULL);
	CHECK(strstr(s, "line 1") == NULL);
	free(s);
	/* default list name; only blocking: no isolate group */
	ash_fwrules_in in2 = {NULL, 0, blk, 1, NULL, 0, NULL, 0};
	s = rules(&in2, ASH_FW_ASA, false, 0);
	CHECK(strstr(s, "access-list outside_access_in line 1 extended deny ip any object-group ASHIATO-BLOCK\n") != NULL);
	CHECK(strstr(s, "ISOLATE") == NULL);
	free(s);
}

TEST(fwrules_refusals)
{
	ash_ip iso[] = {ip("203.0.113.10")};
	const char *bad[] = {"x; reload", "a b", "-x", "", "ok_name"};
	for (size_t i = 0; i < 4; i++) {
		ash_fwrules_in in = {iso, 1, NULL, 0, NULL, 0, &bad[i], 1};
		char *s = rules(&in, ASH_FW_ASA, false, ASH_EUSAGE);
		CHECK_STR(s, "");
		free(s);
	}
	ash_fwrules_in ok = {iso, 1, NULL, 0, NULL, 0, &bad[4], 1};
	free(rules(&ok, ASH_FW_ASA, false, 0));
	/* nothing to do: nothing written */
	ash_fwrules_in none = {0};
	for (int k = 0; k < ASH_FW_COUNT_; k++) {
		char *s = rules(&none, k, false, 0);
		CHECK_STR(s, "");
		free(s);
	}
	free(rules(&none, 7, false, ASH_EUSAGE));
	ash_ip *many = calloc(ASH_FWRULES_MAX + 1, sizeof *many);
	ash_fwrules_in big = {many, ASH_FWRULES_MAX + 1, NULL, 0, NULL, 0, NULL, 0};
	free(rules(&big, ASH_FW_IPTABLES, false, ASH_ELIMIT));
	free(many);
	CHECK_INT(ash_fwrules_parse("nftables"), ASH_FW_NFTABLES);
	CHECK_INT(ash_fwrules_parse("pf"), -1);
	CHECK_STR(ash_fwrules_name(ASH_FW_ASA), "asa");
}
