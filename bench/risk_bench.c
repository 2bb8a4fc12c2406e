/* SPDX-License-Identifier: MIT */
/* risk_bench.c: times the risk simulation (src/risk/fair.h) in process:
 * SCENARIOS scenarios (default 100) at five sites x YEARS simulated years
 * (default 100000) on 1 and 2 threads, checks that both give the same
 * numbers, then a what-if of ten raised controls.  Scenarios are a
 * realistic mix: threat event frequencies from a few a decade to dozens a
 * year (PERT), vulnerability from threat capability against maturity
 * between 0.5 and 3.5, lognormal losses of 1e3 .. 5e6 with secondary
 * losses on half.  Built and run by bench/risk.sh; prints Markdown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "risk/fair.h"

#define NSITES 5
#define NCTL 10

static double now(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void build(ash_fair_scenario *s, size_t n, char (*ids)[24], size_t (*ctl)[2])
{
	static const double tef[] = {0.2, 0.5, 1, 2, 5, 12};
	static const double lo[] = {1e4, 5e4, 1e3}, hi[] = {1e6, 5e6, 1e5};
	for (size_t i = 0; i < n; i++) {
		ash_fair_scenario_init(&s[i]);
		snprintf(ids[i], 24, "site%zu-scenario%zu", i % NSITES, i);
		s[i].id = ids[i];
		s[i].site = i % NSITES;
		double f = tef[i % 6];
		ash_dist_pert(&s[i].tef, 0.1 * f, f, 4 * f, NULL);
		s[i].vuln_mode = ASH_FAIR_VULN_TCAP;
		ash_dist_pert(&s[i].tcap, 0.2 + 0.05 * (double)(i % 4), 0.5 + 0.05 * (double)(i % 5), 0.95, NULL);
		ctl[i][0] = i % NCTL;
		ctl[i][1] = (i * 7 + 3) % NCTL;
		s[i].controls = ctl[i];
		s[i].n_controls = 2;
		ash_dist_lognormal90(&s[i].primary, lo[i % 3], hi[i % 3], NULL);
		if (i % 2) {
			s[i].secondary_p = 0.2;
			ash_dist_lognormal90(&s[i].secondary, lo[i % 3] * 2, hi[i % 3] * 2, NULL);
		}
		s[i].fx = i % NSITES == 2 ? 0.0067 : 1; /* one site in JPY */
	}
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100;
	uint32_t years = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 100000;
	if (n == 0 || n > 10000)
		n = 100;
	ash_fair_scenario *s = calloc(n, sizeof(*s));
	char (*ids)[24] = calloc(n, sizeof(*ids));
	size_t (*ctl)[2] = calloc(n, sizeof(*ctl));
	double mat[NSITES * NCTL];
	for (int i = 0; i < NSITES * NCTL; i++)
		mat[i] = 0.5 + (double)((i * 3) % 7) * 0.5;
	build(s, n, ids, ctl);
	ash_fair_model m = {s, n, NSITES, NCTL, mat, {{0}, {0}, {0}}};
	ash_fair_map_default(&m.map);
	ash_fair_result r[2];
	double wall[2], cpu[2];
	ash_err err;
	for (unsigned t = 1; t <= 2; t++) {
		ash_fair_opts o = {.seed = 20240601, .years = years, .threads = t};
		double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		if (ash_fair_simulate(&m, &o, &r[t - 1], &err)) {
			fprintf(stderr, "risk_bench: %s\n", err.msg);
			return 1;
		}
		wall[t - 1] = now(CLOCK_MONOTONIC) - w0;
		cpu[t - 1] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	}
	int same = memcmp(&r[0].org, &r[1].org, sizeof(r[0].org)) == 0;
	ash_fair_edit ed[10];
	ash_fair_change ch[10];
	for (int i = 0; i < 10; i++) {
		ed[i] = (ash_fair_edit){(size_t)i % NSITES, (size_t)i, 4};
		ch[i] = (ash_fair_change){"raise", &ed[i], 1};
	}
	ash_fair_opts o = {.seed = 20240601, .years = years, .threads = 2};
	ash_fair_whatif w;
	double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	if (ash_fair_whatif_run(&m, &o, ch, 10, &w, &err)) {
		fprintf(stderr, "risk_bench: %s\n", err.msg);
		return 1;
	}
	double wwall = now(CLOCK_MONOTONIC) - w0;
	double wcpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	double load = 0;
	FILE *la = fopen("/proc/loadavg", "r");
	if (la) {
		if (fscanf(la, "%lf", &load) != 1)
			load = 0;
		fclose(la);
	}
	double cells = (double)n * years;
	printf("Risk simulation: %zu scenarios x %u years (%.0f loss events a year in the organisation, ALE %.4g, VaR99 %.4g); 1 and 2 threads give %s results.\n\n",
	       n, years, r[1].org.events, r[1].org.ale, r[1].org.var99,
	       same ? "identical" : "DIFFERENT");
	printf("Load average at the end: %.2f (wall time grows when other work shares the cores; CPU time does not).\n\n", load);
	printf("| run | wall s | CPU s | scenario-years/s | loss events/s |\n|---|---:|---:|---:|---:|\n");
	for (int t = 0; t < 2; t++)
		printf("| simulate, %d thread%s | %.2f | %.2f | %.3g | %.3g |\n", t + 1,
		       t ? "s" : "", wall[t], cpu[t], cells / wall[t],
		       r[t].org.events * years / wall[t]);
	printf("| whatif, 10 changes (baseline + 10 + plan), 2 threads | %.2f | %.2f | | |\n", wwall, wcpu);
	ash_fair_whatif_free(&w);
	ash_fair_result_free(&r[0]);
	ash_fair_result_free(&r[1]);
	free(s);
	free(ids);
	free(ctl);
	return same ? 0 : 1;
}
