/* SPDX-License-Identifier: MIT */
/* report.c: the report's entry point and what it gathers before writing
 * (see report.h): the incident window, each hypothesis's kind, hosts and
 * latest run, the affected hosts, the recommended firewall rules, the
 * root causes, the timeline.  Store numbers come from report_store.c,
 * the words from report_sec.c through a doc writer. */
#include "report/report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/checkref.h"
#include "core/xalloc.h"
#include "report/escape.h"

#define REP_MAX_ADDRS 4096 /* addresses one hypothesis may name */

static const char *const isolate_kinds[] = {"dos_source", "infected_cluster",
	"beacon", "ioc_match", "scan_source", "unknown_asset", "policy_violation"};
static const char *const block_kinds[] = {"infected_cluster", "beacon",
					  "ioc_match"};

static bool kind_in(const char *k, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(k, v[i]))
			return true;
	return false;
}

const char *ash_report_fmt_name(int fmt)
{
	return fmt == ASH_REPORT_MD ? "md" : "html";
}

int ash_report_fmt_parse(const char *s)
{
	if (!strcmp(s, "html"))
		return ASH_REPORT_HTML;
	if (!strcmp(s, "md") || !strcmp(s, "markdown"))
		return ASH_REPORT_MD;
	return -1;
}

/* ---- incident window ---------------------------------------------- */

static bool window_kind(const ash_cdb_finding *f)
{
	return f->verdict != ASH_V_BENIGN && (!strcmp(f->kind, "traffic_spike") ||
					       !strcmp(f->kind, "dos_source") ||
					       !strcmp(f->kind, "reflector"));
}

/* The anchor: the most severe traffic spike (highest score, then the
 * earliest), else the most severe flood or reflection; NULL: none. */
static const ash_cdb_finding *window_anchor(const ash_casedb_snap *s)
{
	const ash_cdb_finding *best = NULL;
	for (int spike = 1; spike >= 0 && !best; spike--)
		for (size_t i = 0; i < s->nfindings; i++) {
			const ash_cdb_finding *f = &s->findings[i];
			bool is_spike = !strcmp(f->kind, "traffic_spike");
			if (!window_kind(f) || is_spike != (spike == 1))
				continue;
			if (!best || f->score > best->score ||
			    (f->score == best->score && f->start_us < best->start_us))
				best = f;
		}
	return best;
}

/* --from/--to, else the anchor's span widened by the spikes, floods and
 * reflection overlapping it that last at most four times as long (at
 * least 6 h): neither a minor spike days away nor a finding that spans
 * the whole store stretches it. */
static void find_window(rep *r)
{
	const ash_report_in *in = r->in;
	if (in->from != INT64_MIN && in->to != INT64_MIN && in->to > in->from) {
		r->have_win = true, r->win_from = in->from, r->win_to = in->to;
		return;
	}
	const ash_cdb_finding *a = window_anchor(r->snap);
	if (!a)
		return;
	int64_t span = a->end_us - a->start_us, longest = 6 * 3600 * 1000000LL;
	if (span <= INT64_MAX / 4 && 4 * span > longest)
		longest = 4 * span;
	r->have_win = true, r->win_from = a->start_us, r->win_to = a->end_us;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->snap->nfindings; i++) {
			const ash_cdb_finding *f = &r->snap->findings[i];
			if (!window_kind(f) || f->end_us < r->win_from ||
			    f->start_us > r->win_to || f->end_us - f->start_us > longest)
				continue;
			r->win_from = f->start_us < r->win_from ? f->start_us : r->win_from;
			r->win_to = f->end_us > r->win_to ? f->end_us : r->win_to;
		}
	if (r->win_to <= r->win_from)
		r->win_to = r->win_from + 1000000;
}

/* ---- hypotheses ----------------------------------------------------- */

static const ash_cdb_obs *snap_obs(const ash_casedb_snap *s, int64_t id)
{
	size_t lo = 0, hi = s->nobs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->obs[mid].id == id)
			return &s->obs[mid];
		if (s->obs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The override row that set h's current status, if that is how. */
static const ash_cdb_status *last_override(const ash_casedb_snap *s,
					   const ash_cdb_hyp *h)
{
	const ash_cdb_status *last = NULL;
	for (size_t i = 0; i < s->nstatus; i++)
		if (s->status[i].hypothesis == h->id)
			last = &s->status[i];
	return last && last->cause == ASH_CAUSE_OVERRIDE ? last : NULL;
}

static void add_ip(ash_ip **v, size_t *n, const ash_ip *ip)
{
	static const ash_ip zero;
	if (*n >= REP_MAX_ADDRS || ash_ip_eq(ip, &zero))
		return;
	for (size_t i = 0; i < *n; i++)
		if (ash_ip_eq(&(*v)[i], ip))
			return;
	*v = ash_reallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = *ip;
}

static void add_addr(rep *r, rep_hyp *x, const ash_ip *ip)
{
	if (ash_case_net_of(r->c, ip))
		add_ip(&x->hosts, &x->nhosts, ip);
	else
		add_ip(&x->peers, &x->npeers, ip);
}

static void add_texts(rep *r, rep_hyp *x, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ash_ip ip;
		if (v[i] && !ash_ip_parse(v[i], strlen(v[i]), &ip))
			add_addr(r, x, &ip);
	}
}

/* Single addresses written in a filter ("src host 203.0.113.10"):
 * prefixes ("net 10.0.0.0/8") are not hosts. */
static void add_filter_addrs(rep *r, rep_hyp *x, const char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] && strchr("0123456789abcdefABCDEF.:/", s[j]))
			j++;
		ash_ip ip;
		if (j > i + 2 && j - i < 64 && !memchr(s + i, '/', j - i) &&
		    !ash_ip_parse(s + i, j - i, &ip))
			add_addr(r, x, &ip);
		i = j + 1;
	}
}

static void add_finding(rep *r, rep_hyp *x, const ash_cdb_finding *f)
{
	add_texts(r, x, f->hosts, f->nhosts);
	add_texts(r, x, f->peers, f->npeers);
	if (f->verdict == ASH_V_BENIGN)
		x->benign = true;
}

/* A detector check: its kind, and the findings it counts. */
static void detector_hyp(rep *r, rep_hyp *x)
{
	ash_checkref ref;
	const char *v = x->h->verify;
	if (ash_checkref_parse(v, strlen(v), &ref, NULL))
		return;
	snprintf(x->kind, sizeof x->kind, "%s", ref.kind);
	if (ref.has_host)
		add_addr(r, x, &ref.host);
	for (size_t i = 0; i < r->snap->nfindings; i++) {
		const ash_cdb_finding *f = &r->snap->findings[i];
		bool about = !ref.has_host;
		for (size_t k = 0; !about && k < f->nhosts; k++) {
			ash_ip ip;
			about = !ash_ip_parse(f->hosts[k], strlen(f->hosts[k]), &ip) &&
				ash_ip_eq(&ip, &ref.host);
		}
		if (about && !strcmp(f->kind, ref.kind))
			add_finding(r, x, f);
	}
}

static void gather_hyp(rep *r, rep_hyp *x, const ash_cdb_hyp *h)
{
	x->h = h;
	x->v = h->last_verif ? ash_snap_verif(r->snap, h->last_verif) : NULL;
	x->ovr = last_override(r->snap, h);
	if (h->detector)
		detector_hyp(r, x);
	else
		add_filter_addrs(r, x, h->verify);
	const ash_cdb_obs *o = h->observation ? snap_obs(r->snap, h->observation) : NULL;
	if (o) {
		add_texts(r, x, o->hosts, o->nhosts);
		const ash_cdb_finding *f = o->finding ? ash_snap_finding(r->snap, o->finding) : NULL;
		if (f) {
			if (!x->kind[0])
				snprintf(x->kind, sizeof x->kind, "%s", f->kind);
			add_finding(r, x, f);
		}
	}
	if (!strcmp(x->kind, "periodic_transfer"))
		x->benign = true;
	if (h->status == ASH_HYP_CONFIRMED)
		r->nconf++;
	else if (h->status == ASH_HYP_REFUTED)
		r->nref++;
	else
		r->nopen++;
}

/* ---- affected hosts and rules ----------------------------------- */

static rep_host *host_get(rep *r, const ash_ip *ip)
{
	for (size_t i = 0; i < r->nhosts; i++)
		if (ash_ip_eq(&r->hosts[i].ip, ip))
			return &r->hosts[i];
	if (r->nhosts >= REP_MAX_ADDRS)
		return NULL;
	r->hosts = ash_reallocarray(r->hosts, r->nhosts + 1, sizeof *r->hosts);
	rep_host *h = &r->hosts[r->nhosts++];
	memset(h, 0, sizeof *h);
	h->ip = *ip;
	h->asset = rep_asset(r, ip);
	const ash_net *net = ash_case_net_of(r->c, ip);
	h->zone = net ? net->zone : NULL;
	return h;
}

static int cmp_host(const void *a, const void *b)
{
	return ash_ip_cmp(&((const rep_host *)a)->ip, &((const rep_host *)b)->ip);
}

static void host_kind(rep_host *h, const char *kind)
{
	for (size_t i = 0; i < h->nkinds; i++)
		if (!strcmp(h->kinds[i], kind))
			return;
	if (h->nkinds < sizeof h->kinds / sizeof h->kinds[0])
		h->kinds[h->nkinds++] = kind;
}

static void gather_hosts(rep *r)
{
	for (size_t i = 0; i < r->nhy; i++) {
		rep_hyp *x = &r->hy[i];
		if (x->h->status != ASH_HYP_CONFIRMED || x->benign)
			continue;
		bool iso = kind_in(x->kind, isolate_kinds, 7);
		for (size_t k = 0; k < x->nhosts; k++) {
			rep_host *h = host_get(r, &x->hosts[k]);
			if (!h)
				break;
			if (x->kind[0])
				host_kind(h, x->kind);
			h->isolate |= iso;
		}
		if (kind_in(x->kind, block_kinds, 3))
			for (size_t k = 0; k < x->npeers; k++)
				add_ip(&r->blk, &r->nblk, &x->peers[k]);
	}
	for (size_t i = 0; i < r->snap->nactions; i++) {
		const ash_cdb_action *a = &r->snap->actions[i];
		for (size_t k = 0; k < a->nhosts; k++) {
			ash_ip ip;
			rep_host *h;
			if (!ash_ip_parse(a->hosts[k], strlen(a->hosts[k]), &ip) &&
			    ash_case_net_of(r->c, &ip) && (h = host_get(r, &ip)))
				h->acted = true;
		}
	}
	if (r->nhosts)
		qsort(r->hosts, r->nhosts, sizeof *r->hosts, cmp_host);
	for (size_t i = 0; i < r->nhosts; i++)
		if (r->hosts[i].isolate)
			add_ip(&r->iso, &r->niso, &r->hosts[i].ip);
}

static bool ident_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      (i && (s[i] == '_' || s[i] == '-'))))
			return false;
	return true;
}

static void add_acl(rep *r, const char *zone)
{
	char name[64];
	if (!zone || !ident_ok(zone) || r->nacls >= 8)
		return;
	snprintf(name, sizeof name, "%s_access_in", zone);
	for (size_t i = 0; i < r->nacls; i++)
		if (!strcmp(r->acls[i], name))
			return;
	r->acls[r->nacls++] = ash_strdup(name);
}

/* Management networks keep their way to isolated hosts; the ASA lists
 * are the outside one and those of the isolated hosts' zones. */
static int gather_rules(rep *r, ash_err *err)
{
	for (size_t i = 0; i < r->c->nnets; i++) {
		const ash_net *n = &r->c->nets[i];
		if ((!strcmp(n->zone, "mgmt") || !strcmp(n->zone, "management")) &&
		    r->nallow < 64) {
			r->allow = ash_reallocarray(r->allow, r->nallow + 1, sizeof *r->allow);
			r->allow[r->nallow++] = n->cidr;
		}
	}
	add_acl(r, "outside");
	for (size_t i = 0; i < r->nhosts; i++)
		if (r->hosts[i].isolate)
			add_acl(r, r->hosts[i].zone);
	ash_fwrules_in in = {r->iso, r->niso, r->blk, r->nblk, r->allow, r->nallow,
			     (const char *const *)r->acls, r->nacls};
	for (int k = 0; k < ASH_FW_COUNT_; k++) {
		ash_strbuf_init(&r->rules[k], 0);
		ash_strbuf_init(&r->undo[k], 0);
		int rc = ash_fwrules_write(&in, k, false, &r->rules[k], err);
		if (!rc)
			rc = ash_fwrules_write(&in, k, true, &r->undo[k], err);
		if (rc)
			return rc;
	}
	return ASH_OK;
}

/* ---- root causes ---------------------------------------------------- */

/* Cause key, with host (may be NULL) among those it is about. */
static void add_cause(rep *r, const char *key, const ash_ip *host)
{
	size_t i = 0;
	while (i < r->ncauses && strcmp(r->causes[i].key, key))
		i++;
	if (i == r->ncauses) {
		if (i == REP_MAX_CAUSES)
			return;
		r->causes[r->ncauses++].key = key;
	}
	if (host)
		add_ip(&r->causes[i].hosts, &r->causes[i].nhosts, host);
}

static const char *reflector_cause(int port, bool tcp)
{
	if (tcp)
		return "reflector_tcp";
	static const struct { int port; const char *key; } svc[] = {
		{53, "reflector_dns"}, {123, "reflector_ntp"},
		{1900, "reflector_ssdp"}, {11211, "reflector_memcached"},
		{389, "reflector_cldap"}, {161, "reflector_snmp"},
		{19, "reflector_chargen"}};
	for (size_t i = 0; i < sizeof svc / sizeof svc[0]; i++)
		if (svc[i].port == port)
			return svc[i].key;
	return "reflector";
}

static int gather_causes(rep *r, ash_err *err)
{
	static const char *const order[] = {"dos_source", "reflector",
		"infected_cluster", "beacon", "unknown_asset", "scan_source",
		"ioc_match", "policy_violation", "traffic_spike"};
	for (size_t o = 0; o < sizeof order / sizeof order[0]; o++)
		for (size_t i = 0; i < r->nhy; i++) {
			rep_hyp *x = &r->hy[i];
			if (x->h->status != ASH_HYP_CONFIRMED || x->benign ||
			    strcmp(x->kind, order[o]))
				continue;
			bool refl = !strcmp(order[o], "reflector");
			for (size_t k = 0; k < x->nhosts; k++) {
				int port = 0;
				bool tcp = false;
				int rc = refl ? rep_service_port(r, &x->hosts[k], &port,
								 &tcp, err) : 0;
				if (rc)
					return rc;
				add_cause(r, refl ? reflector_cause(port, tcp) : order[o],
					  &x->hosts[k]);
			}
			if (!x->nhosts)
				add_cause(r, order[o], NULL);
		}
	for (size_t i = 0; i < r->nhosts; i++)
		if (!r->hosts[i].asset && r->hosts[i].nkinds)
			add_cause(r, "unknown_asset", &r->hosts[i].ip);
	return ASH_OK;
}

/* ---- entry ------------------------------------------------------------ */

int rep_gather(rep *r, ash_err *err)
{
	int rc;
	r->c = r->in->c;
	r->snap = r->in->snap;
	r->site = ash_case_site(r->c, NULL);
	if (r->site && r->site->timezone && strcmp(r->site->timezone, "UTC") &&
	    ash_tz_open(r->site->timezone, &r->tz, NULL))
		r->tz = NULL;
	find_window(r);
	r->hy = ash_calloc(r->snap->nhyps + 1, sizeof *r->hy);
	r->nhy = r->snap->nhyps;
	for (size_t i = 0; i < r->nhy; i++)
		gather_hyp(r, &r->hy[i], &r->snap->hyps[i]);
	gather_hosts(r);
	if ((rc = gather_rules(r, err)) || (rc = rep_store(r, err)) ||
	    (rc = gather_causes(r, err)))
		return rc;
	return ash_timeline_build(r->snap, &r->tl, err);
}

void rep_free(rep *r)
{
	for (size_t i = 0; i < r->nhy; i++) {
		free(r->hy[i].hosts);
		free(r->hy[i].peers);
	}
	free(r->hy);
	free(r->hosts);
	free(r->iso);
	free(r->blk);
	free(r->allow);
	for (size_t i = 0; i < r->ncauses; i++)
		free(r->causes[i].hosts);
	for (size_t i = 0; i < r->nacls; i++)
		free(r->acls[i]);
	for (int k = 0; k < ASH_FW_COUNT_; k++) {
		ash_strbuf_free(&r->rules[k]);
		ash_strbuf_free(&r->undo[k]);
	}
	free(r->st);
	free(r->sv);
	ash_timeline_free(&r->tl);
	ash_tz_free(r->tz);
}

int ash_report_write(const ash_report_in *in, ash_strbuf *out, ash_err *err)
{
	ash_i18n *t = NULL;
	rep r;
	memset(&r, 0, sizeof r);
	r.in = in;
	int rc = ash_i18n_open(in->lang, &t, err);
	if (rc)
		return rc;
	if ((rc = rep_gather(&r, err)))
		goto out;
	doc d = {.ops = in->format == ASH_REPORT_MD ? &ash_doc_md : &ash_doc_html,
		 .esc = in->format == ASH_REPORT_MD ? ash_esc_md : ash_esc_html,
		 .b = out, .t = t, .lang = in->lang};
	rep_sections(&r, &d);
	if (ash_strbuf_over(out))
		rc = ash_errf(err, ASH_ELIMIT, "report: larger than %zu bytes", out->max);
out:
	rep_free(&r);
	ash_i18n_free(t);
	return rc;
}
