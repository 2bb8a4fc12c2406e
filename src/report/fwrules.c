/* SPDX-License-Identifier: MIT */
/* fwrules.c: isolation and blocking rules for iptables, nftables and
 * Cisco ASA (see fwrules.h).  The input is normalised once (sorted,
 * de-duplicated, split by family), then each syntax is a small writer. */
#include "report/fwrules.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define CHAIN "ASHIATO-IR"
#define NFT_TABLE "inet ashiato_ir"

typedef struct fam {
	ash_ip *iso, *blk;
	ash_cidr *allow;
	size_t niso, nblk, nallow;
} fam;

typedef struct norm {
	fam f[2]; /* [0] IPv4, [1] IPv6 */
} norm;

static const char *const names[ASH_FW_COUNT_] = {"iptables", "nftables", "asa"};

const char *ash_fwrules_name(int syntax)
{
	return syntax >= 0 && syntax < ASH_FW_COUNT_ ? names[syntax] : "?";
}

int ash_fwrules_parse(const char *name)
{
	for (int i = 0; i < ASH_FW_COUNT_; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

static int cmp_ip(const void *a, const void *b)
{
	return ash_ip_cmp(a, b);
}

static int cmp_cidr(const void *a, const void *b)
{
	const ash_cidr *x = a, *y = b;
	int c = ash_ip_cmp(&x->addr, &y->addr);
	return c ? c : (int)x->bits - (int)y->bits;
}

static bool in_list(const ash_ip *v, size_t n, const ash_ip *ip)
{
	return n && bsearch(ip, v, n, sizeof *v, cmp_ip) != NULL;
}

/* Sorted, de-duplicated copies split by family; block loses addresses
 * that are also isolated (the same rules already cover them). */
static void normalise(const ash_fwrules_in *in, norm *o)
{
	memset(o, 0, sizeof *o);
	ash_ip *iso = ash_calloc(in->nisolate + 1, sizeof *iso);
	size_t ni = 0;
	if (in->nisolate)
		memcpy(iso, in->isolate, in->nisolate * sizeof *iso);
	qsort(iso, in->nisolate, sizeof *iso, cmp_ip);
	for (size_t i = 0; i < in->nisolate; i++)
		if (!ni || !ash_ip_eq(&iso[ni - 1], &iso[i]))
			iso[ni++] = iso[i];
	for (int k = 0; k < 2; k++) {
		fam *f = &o->f[k];
		f->iso = ash_calloc(ni + 1, sizeof *f->iso);
		f->blk = ash_calloc(in->nblock + 1, sizeof *f->blk);
		f->allow = ash_calloc(in->nallow + 1, sizeof *f->allow);
	}
	for (size_t i = 0; i < ni; i++) {
		fam *f = &o->f[ash_ip_is_v4(&iso[i]) ? 0 : 1];
		f->iso[f->niso++] = iso[i];
	}
	for (size_t i = 0; i < in->nblock; i++) {
		const ash_ip *ip = &in->block[i];
		fam *f = &o->f[ash_ip_is_v4(ip) ? 0 : 1];
		if (!in_list(iso, ni, ip))
			f->blk[f->nblk++] = *ip;
	}
	for (size_t i = 0; i < in->nallow; i++) {
		const ash_cidr *c = &in->allow[i];
		fam *f = &o->f[ash_ip_is_v4(&c->addr) && c->bits >= 96 ? 0 : 1];
		f->allow[f->nallow++] = *c;
	}
	for (int k = 0; k < 2; k++) {
		fam *f = &o->f[k];
		size_t n = 0;
		qsort(f->blk, f->nblk, sizeof *f->blk, cmp_ip);
		for (size_t i = 0; i < f->nblk; i++)
			if (!n || !ash_ip_eq(&f->blk[n - 1], &f->blk[i]))
				f->blk[n++] = f->blk[i];
		f->nblk = n;
		n = 0;
		qsort(f->allow, f->nallow, sizeof *f->allow, cmp_cidr);
		for (size_t i = 0; i < f->nallow; i++)
			if (!n || cmp_cidr(&f->allow[n - 1], &f->allow[i]))
				f->allow[n++] = f->allow[i];
		f->nallow = n;
	}
	free(iso);
}

static void norm_free(norm *o)
{
	for (int k = 0; k < 2; k++) {
		free(o->f[k].iso);
		free(o->f[k].blk);
		free(o->f[k].allow);
	}
}

static void put_ip(ash_strbuf *b, const ash_ip *ip)
{
	char t[ASH_IP_STRLEN];
	ash_strbuf_put(b, t, ash_ip_format(ip, t));
}

static void put_cidr(ash_strbuf *b, const ash_cidr *c)
{
	char t[ASH_IP_STRLEN + 8];
	ash_strbuf_put(b, t, ash_cidr_format(c, t));
}

/* ---- iptables ---------------------------------------------------- */

static void ipt_rule(ash_strbuf *b, const char *cmd, const char *opt1,
		     const ash_ip *a, const char *opt2, const ash_cidr *c,
		     const char *target)
{
	ash_strbuf_puts(b, cmd);
	ash_strbuf_puts(b, " -A " CHAIN " ");
	ash_strbuf_puts(b, opt1);
	ash_strbuf_putc(b, ' ');
	put_ip(b, a);
	if (c) {
		ash_strbuf_putc(b, ' ');
		ash_strbuf_puts(b, opt2);
		ash_strbuf_putc(b, ' ');
		put_cidr(b, c);
	}
	ash_strbuf_puts(b, " -j ");
	ash_strbuf_puts(b, target);
	ash_strbuf_putc(b, '\n');
}

static void ipt_family(ash_strbuf *b, const fam *f, const char *cmd, bool undo)
{
	static const char *const hooks[] = {"FORWARD", "INPUT", "OUTPUT"};
	if (!f->niso && !f->nblk)
		return;
	if (undo) {
		for (int h = 0; h < 3; h++)
			ash_strbuf_fmt(b, "%s -D %s -j " CHAIN "\n", cmd, hooks[h]);
		ash_strbuf_fmt(b, "%s -F " CHAIN "\n%s -X " CHAIN "\n", cmd, cmd);
		return;
	}
	ash_strbuf_fmt(b, "%s -N " CHAIN "\n", cmd);
	for (size_t i = 0; i < f->niso; i++)
		for (size_t a = 0; a < f->nallow; a++) {
			ipt_rule(b, cmd, "-d", &f->iso[i], "-s", &f->allow[a], "RETURN");
			ipt_rule(b, cmd, "-s", &f->iso[i], "-d", &f->allow[a], "RETURN");
		}
	for (size_t i = 0; i < f->niso; i++) {
		ipt_rule(b, cmd, "-s", &f->iso[i], NULL, NULL, "DROP");
		ipt_rule(b, cmd, "-d", &f->iso[i], NULL, NULL, "DROP");
	}
	for (size_t i = 0; i < f->nblk; i++) {
		ipt_rule(b, cmd, "-s", &f->blk[i], NULL, NULL, "DROP");
		ipt_rule(b, cmd, "-d", &f->blk[i], NULL, NULL, "DROP");
	}
	for (int h = 0; h < 3; h++)
		ash_strbuf_fmt(b, "%s -I %s 1 -j " CHAIN "\n", cmd, hooks[h]);
}

static void w_iptables(ash_strbuf *b, const norm *o, bool undo)
{
	ipt_family(b, &o->f[0], "iptables", undo);
	ipt_family(b, &o->f[1], "ip6tables", undo);
}

/* ---- nftables ---------------------------------------------------- */

static void nft_set(ash_strbuf *b, const char *name, int k, const ash_ip *v,
		    const ash_cidr *c, size_t n)
{
	if (!n)
		return;
	ash_strbuf_fmt(b, "\tset %s%d {\n\t\ttype %s\n", name, k ? 6 : 4,
		       k ? "ipv6_addr" : "ipv4_addr");
	if (c)
		ash_strbuf_puts(b, "\t\tflags interval\n");
	ash_strbuf_puts(b, "\t\telements = {");
	for (size_t i = 0; i < n; i++) {
		ash_strbuf_puts(b, i ? ",\n\t\t\t" : " ");
		if (c)
			put_cidr(b, &c[i]);
		else
			put_ip(b, &v[i]);
	}
	ash_strbuf_puts(b, " }\n\t}\n");
}

static void nft_rules(ash_strbuf *b, const fam *f, int k)
{
	const char *p = k ? "ip6" : "ip";
	int d = k ? 6 : 4;
	if (f->niso && f->nallow)
		ash_strbuf_fmt(b, "\t\t%s saddr @allow%d %s daddr @isolate%d return\n"
				  "\t\t%s saddr @isolate%d %s daddr @allow%d return\n",
			       p, d, p, d, p, d, p, d);
	if (f->niso)
		ash_strbuf_fmt(b, "\t\t%s saddr @isolate%d drop\n"
				  "\t\t%s daddr @isolate%d drop\n", p, d, p, d);
	if (f->nblk)
		ash_strbuf_fmt(b, "\t\t%s saddr @block%d drop\n"
				  "\t\t%s daddr @block%d drop\n", p, d, p, d);
}

static void w_nftables(ash_strbuf *b, const norm *o, bool undo)
{
	static const char *const hooks[] = {"forward", "input", "output"};
	if (undo) {
		ash_strbuf_puts(b, "nft delete table " NFT_TABLE "\n");
		return;
	}
	ash_strbuf_puts(b, "nft -f - <<'EOF'\ntable " NFT_TABLE "\n"
			   "delete table " NFT_TABLE "\ntable " NFT_TABLE " {\n");
	for (int k = 0; k < 2; k++) {
		const fam *f = &o->f[k];
		nft_set(b, "isolate", k, f->iso, NULL, f->niso);
		nft_set(b, "block", k, f->blk, NULL, f->nblk);
		nft_set(b, "allow", k, NULL, f->allow, f->niso ? f->nallow : 0);
	}
	ash_strbuf_puts(b, "\tchain ir {\n");
	nft_rules(b, &o->f[0], 0);
	nft_rules(b, &o->f[1], 1);
	ash_strbuf_puts(b, "\t}\n");
	for (int h = 0; h < 3; h++)
		ash_strbuf_fmt(b, "\tchain %s {\n\t\ttype filter hook %s priority -10; "
				  "policy accept;\n\t\tjump ir\n\t}\n", hooks[h], hooks[h]);
	ash_strbuf_puts(b, "}\nEOF\n");
}

/* ---- Cisco ASA --------------------------------------------------- */

static bool acl_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9');
		if (!alnum && (!i || (c != '_' && c != '-' && c != '.')))
			return false;
	}
	return true;
}

static void asa_group(ash_strbuf *b, const char *name, const norm *o, bool iso)
{
	ash_strbuf_fmt(b, "object-group network %s\n", name);
	for (int k = 0; k < 2; k++) {
		const fam *f = &o->f[k];
		const ash_ip *v = iso ? f->iso : f->blk;
		size_t n = iso ? f->niso : f->nblk;
		for (size_t i = 0; i < n; i++) {
			ash_strbuf_puts(b, " network-object host ");
			put_ip(b, &v[i]);
			ash_strbuf_putc(b, '\n');
		}
	}
}

static void asa_acl(ash_strbuf *b, const char *acl, const char *grp, bool undo)
{
	/* in reverse, so that with "line 1" each ends in the order listed */
	static const char *const form[2] = {"deny ip any object-group %s",
					    "deny ip object-group %s any"};
	for (int d = 0; d < 2; d++) {
		if (undo)
			ash_strbuf_fmt(b, "no access-list %s extended ", acl);
		else
			ash_strbuf_fmt(b, "access-list %s line 1 extended ", acl);
		ash_strbuf_fmt(b, form[d], grp);
		ash_strbuf_putc(b, '\n');
	}
}

static void w_asa(ash_strbuf *b, const norm *o, const char *const *acls,
		  size_t nacls, bool undo)
{
	static const char *const dflt[] = {"outside_access_in"};
	bool iso = o->f[0].niso || o->f[1].niso, blk = o->f[0].nblk || o->f[1].nblk;
	if (!acls || !nacls)
		acls = dflt, nacls = 1;
	if (!undo) {
		if (iso)
			asa_group(b, "ASHIATO-ISOLATE", o, true);
		if (blk)
			asa_group(b, "ASHIATO-BLOCK", o, false);
	}
	for (size_t a = 0; a < nacls; a++) {
		if (blk)
			asa_acl(b, acls[a], "ASHIATO-BLOCK", undo);
		if (iso)
			asa_acl(b, acls[a], "ASHIATO-ISOLATE", undo);
	}
	if (undo) {
		if (iso)
			ash_strbuf_puts(b, "no object-group network ASHIATO-ISOLATE\n");
		if (blk)
			ash_strbuf_puts(b, "no object-group network ASHIATO-BLOCK\n");
		return;
	}
	for (int k = 0; k < 2; k++)
		for (int g = 0; g < 2; g++) {
			const fam *f = &o->f[k];
			const ash_ip *v = g ? f->blk : f->iso;
			size_t n = g ? f->nblk : f->niso;
			for (size_t i = 0; i < n; i++) {
				ash_strbuf_puts(b, "clear conn address ");
				put_ip(b, &v[i]);
				ash_strbuf_putc(b, '\n');
			}
		}
}

int ash_fwrules_write(const ash_fwrules_in *in, int syntax, bool undo,
		      ash_strbuf *out, ash_err *err)
{
	if (syntax < 0 || syntax >= ASH_FW_COUNT_)
		return ash_errf(err, ASH_EUSAGE, "firewall rules: unknown syntax %d",
				syntax);
	if (in->nisolate > ASH_FWRULES_MAX || in->nblock > ASH_FWRULES_MAX ||
	    in->nallow > ASH_FWRULES_MAX ||
	    in->nisolate + in->nblock + in->nallow > ASH_FWRULES_MAX ||
	    in->nisolate * in->nallow > ASH_FWRULES_MAX * 4)
		return ash_errf(err, ASH_ELIMIT,
				"firewall rules: more than %d addresses and networks",
				ASH_FWRULES_MAX);
	for (size_t i = 0; syntax == ASH_FW_ASA && i < in->nasa_acls; i++)
		if (!acl_name_ok(in->asa_acls[i]))
			return ash_errf(err, ASH_EUSAGE,
					"firewall rules: access-list name %zu is not "
					"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", i + 1);
	if (!in->nisolate && !in->nblock)
		return ASH_OK;
	norm o;
	normalise(in, &o);
	if (syntax == ASH_FW_IPTABLES)
		w_iptables(out, &o, undo);
	else if (syntax == ASH_FW_NFTABLES)
		w_nftables(out, &o, undo);
	else
		w_asa(out, &o, in->asa_acls, in->nasa_acls, undo);
	norm_free(&o);
	return ASH_OK;
}
