/* SPDX-License-Identifier: MIT */
/* form.c: the CSV and HTML questionnaires (form.h). */
#include "org/form.h"

#include <stdio.h>
#include <string.h>

#include "org/answers.h"
#include "org/orghtml.h"
#include "org/orgmsg.h"
#include "org/rollup.h"

static bool wanted(const ash_form_opts *o, const ash_fw_item *it)
{
	return it->level == ASH_FW_SUB && (!o->quick || it->quick);
}

size_t ash_form_count(const ash_form_opts *o)
{
	size_t n = 0;
	for (size_t i = 0; i < o->fw->nitems; i++)
		n += wanted(o, &o->fw->items[i]);
	return n;
}

static const ash_answer *prefilled(const ash_form_opts *o, const char *id)
{
	for (size_t i = 0; o->prefill && i < o->prefill->nanswers; i++)
		if (!strcmp(o->prefill->answers[i].item, id))
			return &o->prefill->answers[i];
	return NULL;
}

static int done(FILE *f, ash_err *err)
{
	if (fflush(f) || ferror(f))
		return ash_errno(err, ASH_EIO, "form: write");
	return ASH_OK;
}

/* ---- CSV ---------------------------------------------------------- */

static void csv_level(FILE *f, const ash_answer *a)
{
	if (a && a->level == ASH_ANSWER_NA)
		fputs("n/a", f);
	else if (a)
		fprintf(f, "%d", a->level);
}

static void csv_prefill(FILE *f, const ash_answer *a)
{
	char day[11] = "";
	if (a && a->date != ASH_DAY_UNKNOWN)
		ash_day_format(a->date, day);
	fputc(',', f), csv_level(f, a);
	fputc(',', f);
	if (a && a->target >= 0)
		fprintf(f, "%d", a->target);
	fputc(',', f), ash_orgcsv_cell(f, a ? a->evidence : NULL);
	fputc(',', f), ash_orgcsv_cell(f, a ? a->ref : NULL);
	fputc(',', f), fputs(day, f);
	fputc(',', f), ash_orgcsv_cell(f, a ? a->assessor : NULL);
	fputc(',', f);
	if (a && a->source != ASH_SRC_CASE)
		fputs(ash_source_name(a->source), f);
	fputc(',', f);
	if (a && a->coverage >= 0)
		fprintf(f, "%d", a->coverage);
	fputc(',', f), ash_orgcsv_cell(f, a ? a->note : NULL);
}

int ash_form_csv(FILE *f, const ash_form_opts *o, ash_err *err)
{
	const ash_fw *fw = o->fw;
	fputs("\xef\xbb\xbf", f);
	for (size_t c = 0; ash_answers_columns[c]; c++)
		fprintf(f, "%s%s", c ? "," : "", ash_answers_columns[c]);
	fputs("\r\n", f);
	for (size_t i = 0; i < fw->nitems; i++) {
		const ash_fw_item *it = &fw->items[i];
		if (!wanted(o, it))
			continue;
		const ash_fw_item *cat = &fw->items[it->parent];
		const ash_fw_item *fn = &fw->items[fw->funcs[it->func]];
		ash_orgcsv_cell(f, o->org->sites[o->site].name);
		fputc(',', f), ash_orgcsv_cell(f, fw->key);
		fputc(',', f), ash_orgcsv_cell(f, it->id);
		fputc(',', f), ash_orgcsv_cell(f, ash_fw_item_name(fn));
		fputc(',', f), ash_orgcsv_cell(f, ash_fw_item_name(cat));
		fputc(',', f), ash_orgcsv_cell(f, ash_fw_item_desc(it));
		fputc(',', f);
		/* examples joined into one cell */
		char joined[4096];
		size_t len = 0;
		joined[0] = '\0';
		for (size_t k = 0; k < it->nexamples && len < sizeof joined - 1; k++) {
			int w = snprintf(joined + len, sizeof joined - len, "%s%s",
					 k ? " / " : "", it->examples[k]);
			if (w < 0)
				break;
			len += (size_t)w;
		}
		if (len >= sizeof joined)
			len = sizeof joined - 1;
		joined[len] = '\0';
		ash_orgcsv_cell(f, joined);
		csv_prefill(f, prefilled(o, it->id));
		fputs("\r\n", f);
	}
	return done(f, err);
}

/* ---- HTML --------------------------------------------------------- */

static const char style[] =
	"<style>\n"
	"body{font-family:system-ui,'Hiragino Sans','Noto Sans CJK JP','Yu Gothic',sans-serif;"
	"margin:0 auto;max-width:1100px;padding:1em;color:#1b1f24;background:#fafbfc}\n"
	"h1{font-size:1.5em}h2{margin-top:2em;border-bottom:2px solid #345}h3{color:#345}\n"
	".q{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.6em .8em;margin:.6em 0}\n"
	".q.done{border-left:6px solid #2da44e}.qh b{font-family:monospace;margin-right:.5em}\n"
	".tgt{float:right;color:#57606a;font-size:.9em}\n"
	".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:.4em .8em;margin-top:.4em}\n"
	".grid label{display:flex;flex-direction:column;font-size:.85em;color:#57606a}\n"
	".grid .wide{grid-column:1/-1}textarea{min-height:3em}\n"
	"input,select,textarea{font:inherit;padding:.2em}\n"
	".bar{position:sticky;top:0;background:#fafbfc;padding:.5em 0;border-bottom:1px solid #d0d7de;z-index:1}\n"
	"button{font:inherit;padding:.3em 1em}table.scale td{padding:.1em .6em;vertical-align:top}\n"
	"details{font-size:.85em;color:#57606a}\n"
	"</style>\n";

/* The script reads the questions from the page (no data in the script),
 * writes the CSV answers.c reads, and can load a saved file back. */
static const char script[] =
	"<script>\n"
	"(function(){\n"
	"var f=document.getElementById('form');\n"
	"function qs(){return f.querySelectorAll('div.q');}\n"
	"function val(r,n){var e=r.querySelector('[name=\"'+n+'\"]');return e?e.value:'';}\n"
	"function cell(v){v=String(v==null?'':v);if(/^[=+\\-@]/.test(v))v=\"'\"+v;"
	"return '\"'+v.replace(/\"/g,'\"\"')+'\"';}\n"
	"function csv(){var out=['site,framework,id,level,evidence,evidence_ref,evidence_date,assessor,source,coverage,note'];\n"
	" var who=f.elements['assessor'].value;\n"
	" qs().forEach(function(r){out.push([f.getAttribute('data-site'),f.getAttribute('data-fw'),"
	"r.getAttribute('data-id'),val(r,'level'),val(r,'evidence'),val(r,'ref'),val(r,'date'),who,"
	"val(r,'source'),val(r,'coverage'),val(r,'note')].map(cell).join(','));});\n"
	" return '\\ufeff'+out.join('\\r\\n')+'\\r\\n';}\n"
	"function progress(){var n=0,t=0;qs().forEach(function(r){t++;var d=val(r,'level')!=='';"
	"if(d)n++;r.classList.toggle('done',d);});"
	"document.getElementById('progress').textContent=n+' / '+t+' '+f.getAttribute('data-answered');}\n"
	"function save(){var b=new Blob([csv()],{type:'text/csv;charset=utf-8'});"
	"var a=document.createElement('a');a.href=URL.createObjectURL(b);"
	"a.download=f.getAttribute('data-file');document.body.appendChild(a);a.click();"
	"setTimeout(function(){URL.revokeObjectURL(a.href);a.remove();},2000);}\n"
	"function parse(t){var rows=[],row=[],c='',q=false;if(t.charCodeAt(0)===0xfeff)t=t.slice(1);\n"
	" for(var i=0;i<t.length;i++){var ch=t[i];\n"
	"  if(q){if(ch==='\"'){if(t[i+1]==='\"'){c+='\"';i++;}else q=false;}else c+=ch;}\n"
	"  else if(ch==='\"')q=true;else if(ch===','||ch===';'){row.push(c);c='';}\n"
	"  else if(ch==='\\n'){row.push(c);rows.push(row);row=[];c='';}else if(ch!=='\\r')c+=ch;}\n"
	" if(c!==''||row.length){row.push(c);rows.push(row);}return rows;}\n"
	"function load(file){var rd=new FileReader();rd.onload=function(){var t=parse(String(rd.result));\n"
	" if(!t.length)return;var ix={};t[0].forEach(function(n,k){ix[n.trim().toLowerCase()]=k;});\n"
	" var byid={};qs().forEach(function(r){byid[r.getAttribute('data-id')]=r;});\n"
	" t.slice(1).forEach(function(c){var r=byid[c[ix.id]];if(!r)return;\n"
	"  function set(n,col){var e=r.querySelector('[name=\"'+n+'\"]');if(!e||ix[col]===undefined)return;"
	"var v=c[ix[col]]||'';if(/^'[=+\\-@]/.test(v))v=v.slice(1);e.value=v;}\n"
	"  set('level','level');set('evidence','evidence');set('ref','evidence_ref');"
	"set('date','evidence_date');set('source','source');set('coverage','coverage');set('note','note');\n"
	"  if(ix.assessor!==undefined&&c[ix.assessor])f.elements['assessor'].value=c[ix.assessor];});\n"
	" progress();};rd.readAsText(file,'utf-8');}\n"
	"document.getElementById('save').addEventListener('click',save);\n"
	"document.getElementById('load').addEventListener('change',function(e){if(e.target.files[0])load(e.target.files[0]);});\n"
	"f.addEventListener('change',progress);progress();\n"
	"})();\n"
	"</script>\n";

static void esc_put(FILE *f, const char *s, size_t n)
{
	ash_orghtml_escn(f, s, n);
}

static void msg(FILE *f, const ash_form_opts *o, const char *key)
{
	ash_orghtml_esc(f, ash_orgmsg(o->lang, key));
}

static void head(FILE *f, const ash_form_opts *o)
{
	const ash_org_site *s = &o->org->sites[o->site];
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n%s\n",
		!strcmp(o->lang, "ja") ? "ja" : "en", ash_orghtml_csp);
	fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
	msg(f, o, "form.title"), fputs(" - ", f), ash_orghtml_esc(f, s->name);
	fputs("</title>\n", f);
	fputs(style, f);
	fputs("</head>\n<body>\n<h1>", f);
	msg(f, o, "form.title"), fputs(": ", f), ash_orghtml_esc(f, s->name);
	fputs("</h1>\n<p>", f);
	msg(f, o, "form.intro");
	fputs("</p>\n", f);
	if (o->quick)
		fputs("<p><b>", f), msg(f, o, "form.quick"), fputs("</b></p>\n", f);
	fputs("<p>", f);
	char days[16];
	snprintf(days, sizeof days, "%d", o->org->ev.max_age_days);
	const char *names[] = {"days"}, *values[] = {days};
	ash_orgmsg_fill(f, ash_orgmsg(o->lang, "form.weak"), names, values, 1, esc_put);
	fputs("</p>\n", f);
}

static void scale(FILE *f, const ash_form_opts *o)
{
	fputs("<h2>", f), msg(f, o, "form.scale"), fputs("</h2>\n<table class=\"scale\">\n", f);
	for (int l = 0; l <= ASH_LEVEL_MAX; l++) {
		fprintf(f, "<tr><td><b>%d</b></td><td>", l);
		ash_orghtml_esc(f, ash_level_name(l, o->lang));
		fputs("</td><td>", f);
		ash_orghtml_esc(f, ash_level_help(l, o->lang));
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void bar(FILE *f, const ash_form_opts *o)
{
	fputs("<div class=\"bar\"><label>", f), msg(f, o, "form.assessor");
	fputs(" <input name=\"assessor\" maxlength=\"200\" placeholder=\"", f);
	msg(f, o, "form.assessor_hint");
	fputs("\"></label> <button type=\"button\" id=\"save\">", f), msg(f, o, "form.save");
	fputs("</button> <label>", f), msg(f, o, "form.load");
	fputs(" <input type=\"file\" id=\"load\" accept=\".csv,text/csv\"></label> "
	      "<span id=\"progress\"></span></div>\n", f);
}

static void option(FILE *f, const char *value, const char *label, bool sel)
{
	fputs("<option value=\"", f), ash_orghtml_esc(f, value);
	fputs(sel ? "\" selected>" : "\">", f);
	ash_orghtml_esc(f, label);
	fputs("</option>", f);
}

static void level_select(FILE *f, const ash_form_opts *o, const ash_answer *a)
{
	fputs("<label>", f), msg(f, o, "form.level"), fputs("<select name=\"level\">", f);
	option(f, "", ash_orgmsg(o->lang, "form.unanswered"), !a);
	for (int l = 0; l <= ASH_LEVEL_MAX; l++) {
		char v[16], label[128];
		snprintf(v, sizeof v, "%d", l);
		snprintf(label, sizeof label, "%d %s", l, ash_level_name(l, o->lang));
		option(f, v, label, a && a->level == l);
	}
	option(f, "n/a", ash_orgmsg(o->lang, "form.na"), a && a->level == ASH_ANSWER_NA);
	fputs("</select></label>\n", f);
}

static void source_select(FILE *f, const ash_form_opts *o, const ash_answer *a)
{
	static const char *const keys[] = {"form.source_self", "form.source_internal",
					   "form.source_external"};
	fputs("<label>", f), msg(f, o, "form.source"), fputs("<select name=\"source\">", f);
	for (int s = ASH_SRC_SELF; s <= ASH_SRC_EXTERNAL; s++)
		option(f, ash_source_name(s), ash_orgmsg(o->lang, keys[s]),
		       a ? a->source == s : s == ASH_SRC_SELF);
	fputs("</select></label>\n", f);
}

static void input(FILE *f, const ash_form_opts *o, const char *label_key,
		  const char *name, const char *type, const char *value,
		  const char *hint_key)
{
	fprintf(f, "<label>");
	msg(f, o, label_key);
	fprintf(f, "<input name=\"%s\" type=\"%s\"%s value=\"", name, type,
		!strcmp(type, "number") ? " min=\"0\" max=\"100\"" : " maxlength=\"2000\"");
	ash_orghtml_esc(f, value);
	fputs("\"", f);
	if (hint_key)
		fputs(" placeholder=\"", f), msg(f, o, hint_key), fputs("\"", f);
	fputs("></label>\n", f);
}

static void question(FILE *f, const ash_form_opts *o, size_t i)
{
	const ash_fw_item *it = &o->fw->items[i];
	const ash_answer *a = prefilled(o, it->id);
	int target = ash_rollup_target(o->org, o->site, o->fw, i);
	fputs("<div class=\"q\" data-id=\"", f), ash_orghtml_esc(f, it->id);
	fputs("\"><div class=\"qh\"><span class=\"tgt\">", f);
	msg(f, o, "rep.target");
	fprintf(f, " %d</span><b>", target);
	ash_orghtml_esc(f, it->id), fputs("</b>", f);
	ash_orghtml_esc(f, ash_fw_item_desc(it));
	fputs("</div>\n", f);
	if (it->nexamples) {
		fputs("<details><summary>", f), msg(f, o, "form.examples");
		fputs("</summary><ul>", f);
		for (size_t k = 0; k < it->nexamples; k++)
			fputs("<li>", f), ash_orghtml_esc(f, it->examples[k]), fputs("</li>", f);
		fputs("</ul></details>\n", f);
	}
	fputs("<div class=\"grid\">\n", f);
	level_select(f, o, a);
	source_select(f, o, a);
	char day[11] = "", cov[16] = "";
	if (a && a->date != ASH_DAY_UNKNOWN)
		ash_day_format(a->date, day);
	if (a && a->coverage >= 0)
		snprintf(cov, sizeof cov, "%d", a->coverage);
	input(f, o, "form.date", "date", "date", day, NULL);
	input(f, o, "form.coverage", "coverage", "number", cov, "form.coverage_hint");
	fputs("<label class=\"wide\">", f), msg(f, o, "form.evidence");
	fputs("<textarea name=\"evidence\" maxlength=\"8000\" placeholder=\"", f);
	msg(f, o, "form.evidence_hint"), fputs("\">", f);
	ash_orghtml_esc(f, a ? a->evidence : NULL);
	fputs("</textarea></label>\n", f);
	input(f, o, "form.ref", "ref", "text", a ? a->ref : NULL, "form.ref_hint");
	input(f, o, "form.note", "note", "text", a ? a->note : NULL, NULL);
	fputs("</div></div>\n", f);
}

static void body(FILE *f, const ash_form_opts *o)
{
	const ash_fw *fw = o->fw;
	const ash_org_site *s = &o->org->sites[o->site];
	fputs("<form id=\"form\" data-site=\"", f), ash_orghtml_esc(f, s->name);
	fputs("\" data-fw=\"", f), ash_orghtml_esc(f, fw->key);
	fputs("\" data-file=\"answers-", f), ash_orghtml_esc(f, s->name);
	fputs(o->quick ? "-quick.csv" : ".csv", f);
	fputs("\" data-answered=\"", f), msg(f, o, "form.answered");
	fputs("\" onsubmit=\"return false\">\n", f);
	bar(f, o);
	for (size_t i = 0; i < fw->nitems; i++) {
		const ash_fw_item *it = &fw->items[i];
		bool any = false;
		/* headings only for functions / categories with questions */
		for (size_t k = i + 1; k < fw->nitems && fw->items[k].level > it->level; k++)
			any |= wanted(o, &fw->items[k]);
		if (it->level != ASH_FW_SUB && !any)
			continue;
		if (it->level == ASH_FW_FUNC || it->level == ASH_FW_CAT) {
			fputs(it->level == ASH_FW_FUNC ? "<h2>" : "<h3>", f);
			ash_orghtml_esc(f, it->id), fputs(" ", f);
			ash_orghtml_esc(f, ash_fw_item_name(it));
			fputs(it->level == ASH_FW_FUNC ? "</h2>\n<p>" : "</h3>\n<p>", f);
			ash_orghtml_esc(f, ash_fw_item_desc(it));
			fputs("</p>\n", f);
		} else if (wanted(o, it)) {
			question(f, o, i);
		}
	}
	fputs("</form>\n", f);
}

int ash_form_html(FILE *f, const ash_form_opts *o, ash_err *err)
{
	head(f, o);
	scale(f, o);
	body(f, o);
	fputs(script, f);
	fputs("</body>\n</html>\n", f);
	return done(f, err);
}
