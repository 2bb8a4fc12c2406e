/* SPDX-License-Identifier: MIT */
/* report_act.c: the sections after the hypotheses - affected hosts,
 * containment done (actions) and recommended (firewall rules with their
 * undo), root causes and improvements, how the case was closed, the
 * evidence and its chain of custody, and the footer. */
#include "report/report_sec.h"

#include <stdio.h>
#include <string.h>

static void ip_list(const rep *r, const ash_ip *v, size_t n, char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && i < 12 && o + 1 < cap; i++) {
		char l[256];
		rep_host_label(r, &v[i], l, sizeof l);
		int w = snprintf(buf + o, cap - o, "%s%s", i ? ", " : "", l);
		o += w > 0 ? (size_t)w : 0;
	}
	if (n > 12 && o + 1 < cap)
		snprintf(buf + o, cap - o, ", … (+%zu)", n - 12);
	rep_utf8_trim(buf);
}

/* ---- affected hosts ------------------------------------------------- */

static void host_row(rep *r, doc *d, const rep_host *h)
{
	char ip[ASH_IP_STRLEN], kinds[512], k[128];
	ash_ip_format(&h->ip, ip);
	kinds[0] = '\0';
	for (size_t i = 0; i < h->nkinds; i++) {
		rep_kind_name(d, h->kinds[i], k, sizeof k);
		size_t o = strlen(kinds);
		snprintf(kinds + o, sizeof kinds - o, "%s%s", i ? doc_s(d, "sep.list") : "",
			 k);
	}
	d->ops->row(d, true);
	rep_cell_nw(d, ip);
	d->ops->cell(d, true);
	if (h->asset)
		doc_text(d, h->asset->name, 0);
	else
		d->ops->badge(d, "bad", doc_s(d, "hosts.unlisted"));
	d->ops->cell(d, false);
	rep_cell(d, h->zone ? h->zone : "");
	rep_cell(d, h->asset && h->asset->role ? h->asset->role : "");
	rep_cell(d, kinds);
	rep_cell(d, h->isolate ? doc_s(d, "word.yes") : "");
	rep_cell(d, h->acted ? doc_s(d, "word.yes") : "");
	d->ops->row(d, false);
	(void)r;
}

void rep_sec_hosts(rep *r, doc *d)
{
	d->ops->heading(d, 2, "hosts", doc_s(d, "sec.hosts"));
	if (!r->nhosts) {
		rep_para(d, "hosts.none", NULL, 0);
		return;
	}
	rep_para(d, "hosts.intro", NULL, 0);
	const char *heads[7] = {doc_s(d, "col.address"), doc_s(d, "col.name"),
		doc_s(d, "col.zone"), doc_s(d, "col.role"), doc_s(d, "col.found"),
		doc_s(d, "col.isolate"), doc_s(d, "col.acted")};
	d->ops->table(d, heads, 7);
	for (size_t i = 0; i < r->nhosts; i++)
		host_row(r, d, &r->hosts[i]);
	d->ops->table_end(d);
}

/* ---- containment -------------------------------------------------- */

static void actions(rep *r, doc *d)
{
	const ash_casedb_snap *s = r->snap;
	d->ops->heading(d, 3, "done", doc_s(d, "cont.done"));
	if (!s->nactions) {
		rep_para(d, "cont.none", NULL, 0);
		return;
	}
	d->ops->list(d, true);
	for (size_t i = 0; i < s->nactions; i++) {
		const ash_cdb_action *a = &s->actions[i];
		char when[REP_WHEN_LEN], key[32], hosts[512];
		rep_when(r, d, a->at_us, when, sizeof when);
		snprintf(key, sizeof key, "act.%s", ash_act_kind_name(a->kind));
		d->ops->item(d, true);
		d->ops->strong(d, true);
		doc_text(d, when, 0);
		d->ops->strong(d, false);
		doc_text(d, " ", 0);
		d->ops->badge(d, a->kind == ASH_ACT_CONTAINMENT ? "open" : "fact",
			      doc_s(d, key));
		doc_text(d, " ", 0);
		rep_ctext(d, &a->what, ASH_ESC_NL);
		rep_addr_list(a->hosts, a->nhosts, hosts, sizeof hosts);
		const char *args[2] = {a->by && *a->by ? a->by : doc_s(d, "word.someone"),
				       hosts};
		d->ops->nl(d);
		doc_f(d, a->nhosts ? "cont.by_hosts" : "cont.by", args, 2);
		d->ops->item(d, false);
	}
	d->ops->list(d, false);
}

static void rules(rep *r, doc *d)
{
	static const char *const title[] = {"fw.iptables", "fw.nftables", "fw.asa"};
	static const char *const note[] = {"fw.iptables_note", "fw.nftables_note",
					   "fw.asa_note"};
	char iso[2048], blk[2048], allow[512], acls[512], n[2][ASH_UNITS_LEN];
	ip_list(r, r->iso, r->niso, iso, sizeof iso);
	ip_list(r, r->blk, r->nblk, blk, sizeof blk);
	allow[0] = acls[0] = '\0';
	for (size_t i = 0; i < r->nallow; i++) {
		char c[ASH_IP_STRLEN + 8];
		ash_cidr_format(&r->allow[i], c);
		size_t o = strlen(allow);
		snprintf(allow + o, sizeof allow - o, "%s%s", i ? ", " : "", c);
	}
	for (size_t i = 0; i < r->nacls; i++) {
		size_t o = strlen(acls);
		snprintf(acls + o, sizeof acls - o, "%s%s", i ? ", " : "", r->acls[i]);
	}
	const char *a[5] = {rep_num(n[0], r->niso), iso, rep_num(n[1], r->nblk), blk,
			    allow};
	rep_para(d, "cont.rules", a, 5);
	if (r->nallow)
		rep_para(d, "cont.allow", a, 5);
	for (int k = 0; k < ASH_FW_COUNT_; k++) {
		d->ops->heading(d, 4, NULL, doc_s(d, title[k]));
		const char *b[1] = {acls};
		rep_para(d, note[k], b, 1);
		d->ops->pre(d, ash_strbuf_str(&r->rules[k]));
		rep_para(d, "fw.undo", NULL, 0);
		d->ops->pre(d, ash_strbuf_str(&r->undo[k]));
	}
}

void rep_sec_containment(rep *r, doc *d)
{
	d->ops->heading(d, 2, "containment", doc_s(d, "sec.containment"));
	actions(r, d);
	d->ops->heading(d, 3, "recommended", doc_s(d, "cont.recommended"));
	if (r->niso || r->nblk)
		rules(r, d);
	else
		rep_para(d, "cont.no_rules", NULL, 0);
	for (size_t i = 0; i < r->ncauses; i++)
		if (!strncmp(r->causes[i].key, "reflector", 9)) {
			const char *a[1] = {doc_s(d, "sec.causes")};
			rep_para(d, "cont.reflector", a, 1);
			break;
		}
}

/* ---- root causes and improvements ---------------------------------- */

static void cause(rep *r, doc *d, size_t i)
{
	char key[96], hosts[2048];
	const char *k = r->causes[i].key;
	ip_list(r, r->causes[i].hosts, r->causes[i].nhosts, hosts, sizeof hosts);
	const char *a[1] = {hosts};
	snprintf(key, sizeof key, "cause.%s.title", k);
	d->ops->heading(d, 3, NULL, doc_s(d, key));
	snprintf(key, sizeof key, "cause.%s.text", k);
	rep_para(d, key, a, 1);
	d->ops->para(d, true);
	d->ops->strong(d, true);
	doc_t(d, "causes.fix");
	d->ops->strong(d, false);
	doc_t(d, "sep.text");
	snprintf(key, sizeof key, "cause.%s.fix", k);
	doc_f(d, key, a, 1);
	d->ops->para(d, false);
}

void rep_sec_causes(rep *r, doc *d)
{
	static const char *const general[] = {"improve.inventory",
		"improve.readiness", "improve.logs", "improve.facts"};
	d->ops->heading(d, 2, "causes", doc_s(d, "sec.causes"));
	if (!r->ncauses)
		rep_para(d, "causes.none", NULL, 0);
	for (size_t i = 0; i < r->ncauses; i++)
		cause(r, d, i);
	d->ops->heading(d, 3, "improvements", doc_s(d, "improve.title"));
	d->ops->list(d, true);
	for (size_t i = 0; i < sizeof general / sizeof general[0]; i++) {
		d->ops->item(d, true);
		doc_t(d, general[i]);
		d->ops->item(d, false);
	}
	const ash_cdb_closure *cl = ash_snap_closed(r->snap);
	if (cl && cl->forced) {
		d->ops->item(d, true);
		doc_t(d, "improve.forced");
		d->ops->item(d, false);
	}
	d->ops->list(d, false);
}

/* ---- closing ------------------------------------------------------ */

void rep_sec_closing(rep *r, doc *d)
{
	char when[REP_WHEN_LEN], n[ASH_UNITS_LEN];
	const ash_cdb_closure *cl = ash_snap_closed(r->snap);
	d->ops->heading(d, 2, "closing", doc_s(d, "sec.closing"));
	if (!cl) {
		size_t open = ash_snap_open_count(r->snap);
		const char *a[1] = {rep_num(n, open)};
		rep_para(d, open || !r->nhy ? "closing.open" : "closing.decided", a, 1);
		return;
	}
	rep_when(r, d, cl->at_us, when, sizeof when);
	const char *a[3] = {when, cl->by && *cl->by ? cl->by : doc_s(d, "word.someone"),
			    rep_num(n, cl->open_hypotheses)};
	d->ops->para(d, true);
	d->ops->badge(d, cl->forced ? "forced" : "fact",
		      doc_s(d, cl->forced ? "closing.badge_forced" : "closing.badge"));
	doc_text(d, " ", 0);
	doc_f(d, cl->forced ? "closing.forced" : "closing.closed", a, 3);
	d->ops->para(d, false);
	if (cl->reason.orig) {
		d->ops->para(d, true);
		d->ops->strong(d, true);
		doc_t(d, "closing.reason");
		d->ops->strong(d, false);
		doc_t(d, "sep.text");
		rep_ctext(d, &cl->reason, ASH_ESC_NL);
		d->ops->para(d, false);
	}
	if (cl->forced)
		rep_para(d, "closing.forced_warn", NULL, 0);
}

/* ---- evidence ----------------------------------------------------- */

static void custody(rep *r, doc *d)
{
	const ash_casedb_snap *s = r->snap;
	if (!s->ncustody)
		return;
	d->ops->heading(d, 3, "custody", doc_s(d, "evidence.custody"));
	d->ops->list(d, true);
	for (size_t i = 0; i < s->ncustody; i++) {
		const ash_cdb_custody *c = &s->custody[i];
		char when[REP_WHEN_LEN], id[32], key[64];
		rep_when(r, d, c->at_us, when, sizeof when);
		snprintf(id, sizeof id, "E%lld", (long long)c->evidence);
		snprintf(key, sizeof key, "custody.%.40s", c->event);
		const char *ev = ash_i18n_get(d->t, key);
		const char *a[4] = {id, when, ev ? ev : c->event,
				    c->by && *c->by ? c->by : doc_s(d, "word.someone")};
		d->ops->item(d, true);
		doc_f(d, "evidence.custody_entry", a, 4);
		if (c->note.orig) {
			doc_t(d, "sep.text");
			rep_ctext(d, &c->note, ASH_ESC_NL);
		}
		d->ops->item(d, false);
	}
	d->ops->list(d, false);
}

static void evidence_row(rep *r, doc *d, const ash_cdb_evidence *e)
{
	char id[32], size[ASH_UNITS_LEN], rec[ASH_UNITS_LEN], span[2 * REP_TIME_LEN + 8];
	snprintf(id, sizeof id, "E%lld", (long long)e->id);
	span[0] = '\0';
	if (e->t_min_us != INT64_MIN && e->t_max_us != INT64_MIN)
		rep_span(d, NULL, e->t_min_us, e->t_max_us, span, sizeof span);
	d->ops->row(d, true);
	rep_cell_nw(d, id);
	rep_cell(d, e->name);
	d->ops->cell(d, true);
	if (e->sha256)
		d->ops->code(d, e->sha256);
	d->ops->cell(d, false);
	rep_cell(d, e->size ? rep_bytes(size, e->size) : "");
	rep_cell(d, rep_num(rec, e->records));
	rep_cell(d, span);
	rep_cell(d, doc_s(d, e->received ? "evidence.received" : "evidence.on_site"));
	d->ops->row(d, false);
	(void)r;
}

void rep_sec_evidence(rep *r, doc *d)
{
	const ash_casedb_snap *s = r->snap;
	d->ops->heading(d, 2, "evidence", doc_s(d, "sec.evidence"));
	if (!s->nevidence) {
		rep_para(d, "evidence.none", NULL, 0);
		return;
	}
	rep_para(d, "evidence.intro", NULL, 0);
	const char *heads[7] = {doc_s(d, "col.id"), doc_s(d, "col.file"),
		doc_s(d, "col.sha256"), doc_s(d, "col.size"), doc_s(d, "col.records"),
		doc_s(d, "col.covered"), doc_s(d, "col.location")};
	d->ops->table(d, heads, 7);
	for (size_t i = 0; i < s->nevidence; i++)
		evidence_row(r, d, &s->evidence[i]);
	d->ops->table_end(d);
	custody(r, d);
}

void rep_footer(rep *r, doc *d)
{
	char when[REP_WHEN_LEN];
	rep_when(r, d, r->in->now, when, sizeof when);
	const char *a[1] = {when};
	rep_para(d, "footer", a, 1);
}
