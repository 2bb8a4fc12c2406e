/* SPDX-License-Identifier: MIT */
/* fwrules.h: ready-to-apply firewall rules that isolate hosts and block
 * outside addresses (e.g. a malware controller), with the commands that
 * undo them, in three syntaxes:
 *
 *   iptables  a chain ASHIATO-IR jumped to first from FORWARD, INPUT and
 *             OUTPUT (so it works on the border firewall and on the host
 *             itself); ip6tables for IPv6 addresses.  Traffic between an
 *             isolated host and an "allow" network (management) RETURNs
 *             to the normal rules; everything else to or from an
 *             isolated or blocked address is dropped.
 *   nftables  a file for `nft -f`: table inet ashiato_ir with address
 *             sets and base chains at priority -10 on forward, input and
 *             output; re-applying replaces the table.
 *   asa       Cisco ASA: object groups ASHIATO-ISOLATE / ASHIATO-BLOCK,
 *             deny entries at line 1 of each named interface access list
 *             (interfaces not named, e.g. management, keep their access),
 *             and `clear conn address` so open connections end.
 *
 * Rules are made from addresses only (ash_ip / ash_cidr, formatted here):
 * no text from logs or people reaches them; ASA access-list names are
 * checked as identifiers.  Addresses are sorted and de-duplicated.
 * Does not decide which hosts to isolate (report.c does). */
#ifndef ASH_FWRULES_H
#define ASH_FWRULES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/ip.h"
#include "report/strbuf.h"

#define ASH_FWRULES_MAX 4096 /* addresses + networks in one rule set */

enum ash_fw_syntax { ASH_FW_IPTABLES = 0, ASH_FW_NFTABLES, ASH_FW_ASA,
		     ASH_FW_COUNT_ };

typedef struct ash_fwrules_in {
	const ash_ip *isolate;   /* own hosts to cut off */
	size_t nisolate;
	const ash_ip *block;     /* outside addresses to block */
	size_t nblock;
	const ash_cidr *allow;   /* networks still allowed to reach isolated hosts */
	size_t nallow;
	const char *const *asa_acls; /* interface ACL names (ASA); NULL: */
	size_t nasa_acls;            /* "outside_access_in" */
} ash_fwrules_in;

/* "iptables", "nftables", "asa". */
const char *ash_fwrules_name(int syntax);
/* Parse a name; -1 when unknown. */
int ash_fwrules_parse(const char *name);

/* Append the rules (undo false) or the commands that remove them (undo
 * true) in syntax.  Nothing to isolate or block writes nothing.  Returns
 * 0, ASH_EUSAGE for a bad ASA list name or syntax, ASH_ELIMIT past
 * ASH_FWRULES_MAX; out untouched on error. */
int ash_fwrules_write(const ash_fwrules_in *in, int syntax, bool undo,
		      ash_strbuf *out, ash_err *err);

#endif
