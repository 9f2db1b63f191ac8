/* `dvcdesk --completion bash`: the completion script, made from the usage
 * lines of CLI_COMMANDS and the global getopt table (see cli_complete.h).
 *
 * A usage line is read as the reader of --help reads it:
 *   --opt            an option; the words after it, up to the next option or
 *                    a closing bracket, are its value ("--format text|csv");
 *   a|b|c            alternatives: lowercase ones (and single capitals in a
 *                    group, "L|M|Q|H") are literal values to offer,
 *                    CAPITALS ("CODE", "YYYY-MM", 'YYYY-MM-DD HH:MM') are
 *                    placeholders, FILE... completes file names;
 *   word             a lowercase word that is not an option's value is a
 *                    sub-command ("staff add ... | staff list").
 * So "[--service LIST]" completes the option and offers nothing for LIST,
 * "--outcome done|more_papers|referred" offers the three words. */
#include "cli/cli_complete.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/i18n.h"
#include "util/util.h"

#define MAX_OPTS 48

struct copt {
	const char *name; /* points into the usage line; name_len bytes */
	size_t name_len;
	bool arg;  /* takes a value */
	bool file; /* the value is a file name */
	struct strbuf values;
};

struct ccmd {
	const char *name;
	const char *usage;
	struct copt opts[MAX_OPTS];
	int nopts;
	struct strbuf subs;
	bool file_pos;           /* a positional FILE after no sub-command */
	struct strbuf file_subs; /* the sub-commands followed by a FILE ("import") */
};

#define COMPLETE_ENTRY(n, summary, usage) {#n, usage},
static const struct {
	const char *name, *usage;
} table[] = {CLI_COMMANDS(COMPLETE_ENTRY)};
#undef COMPLETE_ENTRY

static bool has_word(const struct strbuf *list, const char *w, size_t n)
{
	const char *p = list->buf;
	while (p && *p) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && memcmp(p, w, n) == 0)
			return true;
		p = end ? end + 1 : p + len;
	}
	return false;
}

static void add_word(struct strbuf *list, const char *w, size_t n)
{
	if (n == 0 || has_word(list, w, n))
		return;
	if (list->len)
		sb_addc(list, ' ');
	sb_addn(list, w, n);
}

/* CODE, YYYY-MM, 'YYYY-MM-DD HH:MM', FILE.csv; a lone capital only when it
 * is the whole value ("--day D"), not one of a group ("L|M|Q|H"). */
static bool is_placeholder(const char *w, size_t n, int alternatives)
{
	if (n && w[0] == '\'')
		return true;
	if (n >= 4 && memcmp(w, "FILE", 4) == 0)
		return true;
	bool upper = n > 0 && isupper((unsigned char)w[0]);
	for (size_t i = 0; upper && i < n; i++)
		upper = isupper((unsigned char)w[i]) || isdigit((unsigned char)w[i]) ||
		        w[i] == '-' || w[i] == '.' || w[i] == '_';
	return upper && (n > 1 || alternatives == 1);
}

static bool is_word(const char *w, size_t n)
{
	if (n == 0 || !islower((unsigned char)w[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)w[i]) && !isdigit((unsigned char)w[i]) && w[i] != '-' &&
		    w[i] != '_')
			return false;
	return true;
}

static struct copt *find_opt(struct ccmd *c, const char *name, size_t n)
{
	for (int i = 0; i < c->nopts; i++)
		if (c->opts[i].name_len == n && memcmp(c->opts[i].name, name, n) == 0)
			return &c->opts[i];
	if (c->nopts == MAX_OPTS)
		return NULL;
	struct copt *o = &c->opts[c->nopts++];
	memset(o, 0, sizeof(*o));
	o->name = name;
	o->name_len = n;
	sb_init(&o->values);
	return o;
}

static void parse_usage(struct ccmd *c)
{
	const char *p = c->usage;
	struct copt *cur = NULL;
	bool awaiting = false;  /* the next words are cur's value */
	const char *sub = NULL; /* the last sub-command word, sub_len bytes */
	size_t sub_len = 0;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *start = p;
		bool quote = false;
		while (*p && (quote || *p != ' ')) {
			if (*p == '\'')
				quote = !quote;
			p++;
		}
		const char *end = p;
		while (start < end && (*start == '[' || *start == '('))
			start++;
		bool closed = false;
		while (end > start && (end[-1] == ']' || end[-1] == ')')) {
			end--;
			closed = true;
		}
		int alternatives = 0; /* the parts that are not options */
		for (const char *q = start; q <= end; q++)
			if (q == start || q[-1] == '|')
				alternatives += !(end - q >= 2 && q[0] == '-' && q[1] == '-');
		bool last_was_opt = false;
		const char *part = start;
		while (part <= end) {
			const char *bar = memchr(part, '|', (size_t)(end - part));
			const char *pend = bar ? bar : end;
			size_t n = (size_t)(pend - part);
			last_was_opt = false;
			if (n > 2 && part[0] == '-' && part[1] == '-') {
				cur = find_opt(c, part, n);
				awaiting = cur != NULL;
				last_was_opt = true;
			} else if (n && awaiting && cur) {
				cur->arg = true;
				if (n >= 4 && memcmp(part, "FILE", 4) == 0)
					cur->file = true;
				else if (!is_placeholder(part, n, alternatives))
					add_word(&cur->values, part, n);
			} else if (n >= 4 && memcmp(part, "FILE", 4) == 0) {
				if (sub)
					add_word(&c->file_subs, sub, sub_len);
				else
					c->file_pos = true;
			} else if (is_word(part, n) &&
			           !(strlen(c->name) == n && memcmp(part, c->name, n) == 0)) {
				add_word(&c->subs, part, n);
				sub = part;
				sub_len = n;
			} else if (n == 0 && bar) {
				sub = NULL; /* " | ": the next form of the command */
			}
			if (!bar)
				break;
			part = bar + 1;
		}
		awaiting = last_was_opt && !closed;
	}
}

static void emit_opts(FILE *out, const struct ccmd *c)
{
	for (int i = 0; i < c->nopts; i++)
		fprintf(out, " %.*s", (int)c->opts[i].name_len, c->opts[i].name);
}

int cli_completion(FILE *out, const char *shell, const struct option *global)
{
	if (!shell || !str_eq(shell, "bash"))
		return cli_error(64,
		                 _("completion is made for bash only: dvcdesk --completion bash"));

	struct strbuf gopts, gargs;
	sb_init(&gopts);
	sb_init(&gargs);
	for (const struct option *o = global; o->name; o++) {
		if (str_eq(o->name, "completion"))
			continue;
		char *w = xasprintf("--%s", o->name);
		add_word(&gopts, w, strlen(w));
		/* every global option with a value names a file (--config, --db) */
		if (o->has_arg == required_argument)
			sb_addf(&gargs, "%s%s", gargs.len ? "|" : "", w);
		free(w);
	}

	fputs("# bash completion for dvcdesk(1).  Generated by `dvcdesk --completion bash` from\n"
	      "# the tables --help prints (src/cli/cli_complete.c): do not edit.\n"
	      "_dvcdesk_words() { mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$cur\"); }\n"
	      "_dvcdesk_files() {\n"
	      "\tcompopt -o filenames 2>/dev/null\n"
	      "\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
	      "}\n"
	      "_dvcdesk() {\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
	      "\tlocal i at=0 cmd='' w\n"
	      "\tCOMPREPLY=()\n"
	      "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	      "\t\tcase ${COMP_WORDS[i]} in\n",
	      out);
	if (gargs.len)
		fprintf(out, "\t\t%s) ((i++)) ;;\n", gargs.buf);
	fprintf(out, "\t\t-*) ;;\n"
	             "\t\t*) cmd=${COMP_WORDS[i]} at=$i; break ;;\n"
	             "\t\tesac\n"
	             "\tdone\n"
	             "\tif [[ -z $cmd ]]; then\n");
	if (gargs.len)
		fprintf(out, "\t\tcase $prev in %s) _dvcdesk_files; return ;; esac\n", gargs.buf);
	fprintf(out, "\t\tif [[ $cur == -* ]]; then _dvcdesk_words '%s'; else _dvcdesk_words '",
	        gopts.buf ? gopts.buf : "");
	for (size_t i = 0; i < ARRAY_LEN(table); i++)
		fprintf(out, "%s%s", i ? " " : "", table[i].name);
	fputs("'; fi\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tlocal opts='' subs='' files=0 fsubs='' sub=''\n"
	      "\tcase $cmd in\n",
	      out);
	sb_done(&gopts);
	sb_done(&gargs);

	static struct ccmd cmds[ARRAY_LEN(table)];
	for (size_t i = 0; i < ARRAY_LEN(table); i++) {
		struct ccmd *c = &cmds[i];
		memset(c, 0, sizeof(*c));
		c->name = table[i].name;
		c->usage = table[i].usage;
		sb_init(&c->subs);
		sb_init(&c->file_subs);
		parse_usage(c);
		fprintf(out, "\t%s) opts='", c->name);
		emit_opts(out, c);
		fprintf(out, " --help' subs='%s' files=%d fsubs='%s' ;;\n",
		        c->subs.buf ? c->subs.buf : "", c->file_pos,
		        c->file_subs.buf ? c->file_subs.buf : "");
	}
	fputs("\t*) return ;;\n"
	      "\tesac\n"
	      "\tcase \"$cmd $prev\" in\n",
	      out);
	/* option values: literal words, file names, or nothing to offer */
	for (size_t i = 0; i < ARRAY_LEN(table); i++)
		for (int j = 0; j < cmds[i].nopts; j++) {
			const struct copt *o = &cmds[i].opts[j];
			if (!o->arg)
				continue;
			fprintf(out, "\t'%s %.*s') ", cmds[i].name, (int)o->name_len, o->name);
			if (o->file)
				fputs("_dvcdesk_files; return ;;\n", out);
			else if (o->values.len)
				fprintf(out, "_dvcdesk_words '%s'; return ;;\n", o->values.buf);
			else
				fputs("return ;;\n", out);
		}
	fputs("\tesac\n"
	      "\tif [[ $cur == -* ]]; then _dvcdesk_words \"$opts\"; return; fi\n"
	      "\tif [[ -n $subs ]]; then\n"
	      "\t\tfor ((i = at + 1; i < COMP_CWORD; i++)); do\n"
	      "\t\t\tw=${COMP_WORDS[i]}\n"
	      "\t\t\t[[ -z $sub && \" $subs \" == *\" $w \"* ]] && sub=$w\n"
	      "\t\tdone\n"
	      "\t\tif [[ -z $sub ]]; then _dvcdesk_words \"$subs\"; return; fi\n"
	      "\t\t[[ \" $fsubs \" == *\" $sub \"* ]] && files=1\n"
	      "\tfi\n"
	      "\t((files)) && _dvcdesk_files\n"
	      "\treturn 0\n"
	      "}\n"
	      "complete -F _dvcdesk dvcdesk\n",
	      out);
	for (size_t i = 0; i < ARRAY_LEN(table); i++) {
		for (int j = 0; j < cmds[i].nopts; j++)
			sb_done(&cmds[i].opts[j].values);
		sb_done(&cmds[i].subs);
		sb_done(&cmds[i].file_subs);
	}
	return 0;
}
