/* SPDX-License-Identifier: MIT */
/* truth.c: builds truth.json (see truth.h) with jansson.  Owns the JSON
 * tree while writing it. */
#include "gen/truth.h"

#include <jansson.h>
#include <stdio.h>

#include "core/tztime.h"
#include "gen/wbuf.h"

static json_t *ip_json(uint32_t a)
{
	char buf[20];
	*ash_fmt_ipv4(buf, a) = '\0';
	return json_string(buf);
}

static json_t *time_json(const ash_scn *s, int64_t us, bool local)
{
	char buf[ASH_TIME_STRLEN];
	ash_time_format(us, local ? s->tz : NULL, 0, buf);
	return json_string(buf);
}

static void set(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v);
}

static json_t *span_json(const ash_scn *s, int64_t a, int64_t b)
{
	json_t *o = json_object();
	set(o, "start_utc", time_json(s, a, false));
	set(o, "end_utc", time_json(s, b, false));
	set(o, "start_local", time_json(s, a, true));
	set(o, "end_local", time_json(s, b, true));
	return o;
}

static void counts_json(json_t *o, const ash_scn *s, const ash_flow_count *c)
{
	set(o, "flows", json_integer((json_int_t)c->flows));
	set(o, "orig_bytes", json_integer((json_int_t)c->obytes));
	set(o, "resp_bytes", json_integer((json_int_t)c->rbytes));
	set(o, "orig_pkts", json_integer((json_int_t)c->opkts));
	set(o, "resp_pkts", json_integer((json_int_t)c->rpkts));
	if (c->flows) {
		set(o, "first_utc", time_json(s, c->first, false));
		set(o, "last_utc", time_json(s, c->last, false));
	}
}

static json_t *host_base(const ash_scn *s, size_t i)
{
	json_t *o = json_object();
	set(o, "host", ip_json(s->hosts[i].ip));
	set(o, "name", json_string(s->hosts[i].name));
	return o;
}

static json_t *roles_json(uint32_t roles)
{
	const char *names[32];
	size_t n = ash_scenario_role_names(roles, names, 32);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(names[i]));
	return a;
}

static json_t *victims_json(const ash_scn *s)
{
	json_t *a = json_array();
	for (int i = 0; i < s->nvictims; i++)
		json_array_append_new(a, ip_json(s->victims[i]));
	return a;
}

static void add_dos(json_t *arr, const ash_scn *s, const ash_flows *fl, size_t i)
{
	ash_flow_count c = ash_flows_count(fl, ASH_TAG_FLOOD, (int)i);
	json_t *o = host_base(s, i);
	set(o, "kind", json_string(s->cfg.flood_syn ? "syn_flood" : "udp_flood"));
	set(o, "target", ip_json(s->target));
	set(o, "proto", json_string(s->cfg.flood_syn ? "tcp" : "udp"));
	set(o, "dport", json_integer(s->flood_dport));
	counts_json(o, s, &c);
	json_array_append_new(arr, o);
}

static void add_reflector(json_t *arr, const ash_scn *s, const ash_flows *fl,
			  size_t i, const ash_refl_svc *r)
{
	ash_flow_count c = ash_flows_count(fl, r->tag, (int)i);
	json_t *o = host_base(s, i);
	set(o, "service", json_string(r->name));
	set(o, "proto", json_string("udp"));
	set(o, "port", json_integer(r->port));
	set(o, "victims", victims_json(s));
	counts_json(o, s, &c);
	set(o, "request_bytes", json_integer((json_int_t)c.obytes));
	set(o, "response_bytes", json_integer((json_int_t)c.rbytes));
	set(o, "amplification",
	    json_real(c.obytes ? (double)(uint64_t)((double)c.rbytes / (double)c.obytes * 10) / 10 : 0));
	json_array_append_new(arr, o);
}

static void add_infected(json_t *arr, const ash_scn *s, const ash_flows *fl, size_t i)
{
	ash_flow_count c = ash_flows_count(fl, ASH_TAG_BEACON, (int)i);
	json_t *o = host_base(s, i);
	set(o, "controller", ip_json(s->controller));
	set(o, "proto", json_string("tcp"));
	set(o, "port", json_integer(s->cfg.beacon_port));
	set(o, "in_inventory", json_boolean(s->hosts[i].in_inventory));
	set(o, "period_s", json_integer((json_int_t)(s->beacon_period_us / 1000000)));
	set(o, "jitter_s", json_real((double)s->beacon_jitter_us / 1e6));
	counts_json(o, s, &c);
	json_array_append_new(arr, o);
}

static void add_backup(json_t *arr, const ash_scn *s, const ash_flows *fl, size_t i)
{
	ash_flow_count c = ash_flows_count(fl, ASH_TAG_BACKUP, (int)i);
	char sched[40];
	snprintf(sched, sizeof sched, "daily %02d:00-%02d:00", s->cfg.backup_from_h,
		 s->cfg.backup_to_h);
	json_t *o = host_base(s, i);
	set(o, "peer", ip_json(s->backup_dst));
	set(o, "proto", json_string("tcp"));
	set(o, "port", json_integer(s->cfg.backup_port));
	set(o, "schedule", json_string(sched));
	set(o, "verdict", json_string("benign"));
	if (s->cfg.variant)
		set(o, "declared", json_boolean(s->cfg.backup_declared));
	counts_json(o, s, &c);
	json_array_append_new(arr, o);
}

/* Hard benign cases of a variant: what a detector could mistake. */
static void add_hard_benign(json_t *arr, const ash_scn *s, const ash_flows *fl,
			    size_t i)
{
	uint32_t r = s->hosts[i].roles;
	if ((r & ASH_GEN_BUSY_DNS) && (r & ASH_GEN_DNS)) {
		ash_flow_count c = ash_flows_count(fl, ASH_TAG_DNS_BUSY, (int)i);
		json_t *o = host_base(s, i);
		set(o, "case", json_string("busy_dns"));
		set(o, "why", json_string("legitimate DNS server answering "
					  "thousands of outside clients"));
		set(o, "clients_pool", json_integer((json_int_t)s->clients.n));
		counts_json(o, s, &c);
		json_array_append_new(arr, o);
	}
	if ((r & ASH_GEN_SAAS) && s->nsaas) {
		ash_flow_count c = ash_flows_count(fl, ASH_TAG_SAAS, (int)i);
		json_t *o = host_base(s, i), *peers = json_array();
		for (int k = 0; k < s->nsaas; k++)
			json_array_append_new(peers, ip_json(s->saas[k]));
		set(o, "case", json_string("saas_poll"));
		set(o, "why", json_string("monitoring agent reporting to its "
					  "vendor's SaaS, jittered and irregular"));
		set(o, "peers", peers);
		set(o, "port", json_integer(443));
		set(o, "period_s", json_integer(s->cfg.saas_period_s));
		set(o, "jitter_pct", json_integer(s->cfg.saas_jitter_pct));
		set(o, "declared", json_boolean(s->cfg.saas_declared));
		counts_json(o, s, &c);
		json_array_append_new(arr, o);
	}
	if (r & ASH_GEN_DOWNLOAD) {
		ash_flow_count c = ash_flows_count(fl, ASH_TAG_DOWNLOAD, (int)i);
		json_t *o = host_base(s, i);
		set(o, "case", json_string("big_download"));
		set(o, "why", json_string("a few parallel TLS downloads of "
					  "many GB (updates, images)"));
		set(o, "during_incident",
		    json_boolean(c.flows && c.first < s->inc1 && c.last >= s->inc0 - 3600000000LL));
		counts_json(o, s, &c);
		json_array_append_new(arr, o);
	}
}

static json_t *host_json(const ash_scn *s, const ash_flows *fl, size_t i)
{
	const ash_host_count *hc = ash_flows_host(fl, i);
	json_t *o = host_base(s, i);
	set(o, "zone", json_string(ash_scenario_zone_name(s->hosts[i].zone)));
	set(o, "roles", roles_json(s->hosts[i].roles));
	set(o, "in_inventory", json_boolean(s->hosts[i].in_inventory));
	set(o, "flows_out", json_integer((json_int_t)hc->as_src.flows));
	set(o, "flows_in", json_integer((json_int_t)hc->as_dst.flows));
	set(o, "bytes_sent", json_integer((json_int_t)(hc->as_src.obytes + hc->as_dst.rbytes)));
	set(o, "bytes_received", json_integer((json_int_t)(hc->as_src.rbytes + hc->as_dst.obytes)));
	set(o, "drops", json_integer((json_int_t)hc->drops));
	return o;
}

static json_t *roles_block(json_t *root, const ash_scn *s, const ash_flows *fl)
{
	json_t *dos = json_array(), *refl = json_array(), *inf = json_array(),
	       *bk = json_array(), *benign = json_array(), *unknown = json_array(),
	       *hosts = json_array(), *hard = json_array();
	const uint32_t bad = ASH_GEN_DOS | ASH_GEN_REFLECT | ASH_GEN_INFECTED;
	for (size_t i = 0; i < s->nhosts; i++) {
		uint32_t r = s->hosts[i].roles;
		if (r & ASH_GEN_DOS)
			add_dos(dos, s, fl, i);
		for (size_t k = 0; ash_flows_refl_svc(k); k++)
			if ((r & ASH_GEN_REFLECT) && (r & ash_flows_refl_svc(k)->role))
				add_reflector(refl, s, fl, i, ash_flows_refl_svc(k));
		if (r & ASH_GEN_INFECTED)
			add_infected(inf, s, fl, i);
		if (r & ASH_GEN_BACKUP)
			add_backup(bk, s, fl, i);
		if (!(r & bad))
			json_array_append_new(benign, host_base(s, i));
		if (!s->hosts[i].in_inventory)
			json_array_append_new(unknown, host_base(s, i));
		add_hard_benign(hard, s, fl, i);
		json_array_append_new(hosts, host_json(s, fl, i));
	}
	bool any_dos = json_array_size(dos) > 0, any_refl = json_array_size(refl) > 0;
	set(root, "dos_source", dos);
	set(root, "reflectors", refl);
	set(root, "infected", inf);
	set(root, "controller", ip_json(s->controller));
	set(root, "backup", bk);
	set(root, "benign", benign);
	set(root, "not_in_inventory", unknown);
	if (s->cfg.variant)
		set(root, "hard_benign", hard);
	else
		json_decref(hard);
	json_t *v = any_refl ? victims_json(s) : json_array();
	if (any_dos)
		json_array_append_new(v, ip_json(s->target));
	set(root, "victims", v);
	return hosts;
}

static json_t *files_json(const ash_gen_stats *st)
{
	json_t *o = json_object(), *fw = json_object(), *zk = json_object();
	set(fw, "lines", json_integer((json_int_t)st->fw_lines));
	set(fw, "accept", json_integer((json_int_t)st->fw_accept));
	set(fw, "drop", json_integer((json_int_t)st->fw_drop));
	set(fw, "bytes", json_integer((json_int_t)st->fw_bytes));
	set(zk, "records", json_integer((json_int_t)st->conn_records));
	set(zk, "bytes", json_integer((json_int_t)st->conn_bytes));
	set(o, "firewall.log", fw);
	set(o, "conn.log", zk);
	return o;
}

static json_t *traffic_json(const ash_scn *s, const ash_flows *fl)
{
	json_t *a = json_array();
	for (int t = 0; t < ASH_TAG_N; t++) {
		ash_flow_count c = ash_flows_count(fl, t, -1);
		if (!c.flows)
			continue;
		json_t *o = json_object();
		set(o, "kind", json_string(ash_flows_tag_name(t)));
		set(o, "dropped", json_boolean(t == ASH_TAG_DROP_SCAN || t == ASH_TAG_DROP_LAN));
		counts_json(o, s, &c);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *site_json(const ash_scn *s)
{
	json_t *o = json_object(), *nets = json_array();
	const char *cidr[ASH_Z_N] = {NULL, s->cfg.dmz, s->cfg.lan, s->cfg.mgmt};
	for (int z = ASH_Z_DMZ; z < ASH_Z_N; z++) {
		json_t *n = json_object();
		set(n, "cidr", json_string(cidr[z]));
		set(n, "zone", json_string(ash_scenario_zone_name(z)));
		json_array_append_new(nets, n);
	}
	set(o, "name", json_string(s->cfg.site));
	set(o, "timezone", json_string(s->cfg.tz));
	set(o, "language", json_string(s->cfg.lang));
	set(o, "firewall", json_string(s->cfg.fw_host));
	set(o, "networks", nets);
	return o;
}

int ash_truth_write(const char *path, const ash_scn *s, const ash_flows *fl,
		    const ash_gen_stats *st, ash_err *err)
{
	json_t *root = json_object();
	ash_civil c;
	int64_t sec = s->t0 / 1000000;
	ash_epoch_to_civil(sec + ash_tz_offset_at(s->tz, sec), &c);
	set(root, "generator", json_string("ashiato demo-data"));
	set(root, "seed", json_integer((json_int_t)s->cfg.seed));
	if (s->cfg.variant) {
		set(root, "variant", json_integer((json_int_t)s->cfg.variant));
		set(root, "variant_seed", json_integer((json_int_t)s->cfg.variant_seed));
	}
	set(root, "scale", json_real(s->cfg.scale));
	set(root, "days", json_integer(s->ndays));
	set(root, "case", json_string(s->case_name));
	set(root, "site", site_json(s));
	set(root, "syslog_year", json_integer(c.year));
	set(root, "window", span_json(s, s->t0, s->t1));
	set(root, "incident", span_json(s, s->inc0, s->inc1));
	json_t *hosts = roles_block(root, s, fl);
	set(root, "files", files_json(st));
	set(root, "hosts", hosts);
	set(root, "traffic", traffic_json(s, fl));
	int rc = ASH_OK;
	if (json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		rc = ash_errf(err, ASH_EIO, "%s: cannot write", path);
	json_decref(root);
	return rc;
}
