/*
 * node.c: versioned create, update, move and delete for every kind of node,
 * with one history row per changed field (see node.h).
 *
 * The kinds are data (the table below). The SQL of an update names only the
 * columns of the patch, so it is built at run time, but only from the
 * table's fixed names: values are always bound as parameters.
 */
#include "model/node.h"
#include "model/audit.h"
#include "model/org.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/period.h"
#include "base/utf8.h"
#include "db/db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the kinds --- */

/* The codes mirror the CHECK constraints of the schema. */
static const char *const plan_kinds[] = {"regional", "action", NULL};
static const char *const plan_statuses[] = {"draft", "consultation", "adopted", "archived", NULL};
/* The open-data licence (migration 006): NLOD 2.0 unless the council
 * chooses CC BY 4.0. */
static const char *const plan_licences[] = {"NLOD-2.0", "CC-BY-4.0", NULL};
static const char *const org_kinds[] = {"council", "municipality", "county", "state", "group",
					"company", "education", "other", NULL};
static const char *const group_kinds[] = {"council", "executives", "network", "working_group",
					  "steering_group", "reference_group", "project_group",
					  "other", NULL};
static const char *const project_states[] = {"planned", "active", "completed", "stopped", NULL};
static const char *const project_roles[] = {"commissioner", "owner", "leader", "steering_group",
					    "reference_group", "working_group", "operator",
					    "applicant", "partner", NULL};
static const char *const point_lists[] = {"goal", "theme", "result", NULL};
static const char *const yes_no[] = {"0", "1", NULL};
static const char *const report_states[] = {"not_started", "on_track", "at_risk", "delayed",
					    "done", "cancelled", NULL};


static const struct node_field plan_fields[] = {
	{"title", "title", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"kind", "kind", FIELD_CODE, F_REQUIRED, plan_kinds, NULL},
	{"year", "year", FIELD_INT, 0, NULL, NULL},
	{"status", "status", FIELD_CODE, F_REQUIRED, plan_statuses, NULL},
	{"adopted_by", "adopted_by_org_id", FIELD_INT, 0, NULL, NULL},
	{"adopted_on", "adopted_on", FIELD_DATE, 0, NULL, NULL},
	{"values", "values_text", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"vision", "vision", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"main_goal", "main_goal", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"licence", "licence", FIELD_CODE, F_REQUIRED, plan_licences, NULL},
	{"owner", "owner_org_id", FIELD_INT, 0, NULL, NULL},
	{"parent", "parent_id", FIELD_INT, 0, NULL, NULL},
	{"slug", "slug", FIELD_TEXT, F_REQUIRED | F_INTERNAL, NULL, NULL},
	{"published", "published", FIELD_INT, F_INTERNAL, NULL, NULL},
	{"source_name", "source_name", FIELD_TEXT, F_INTERNAL | F_NULLABLE, NULL, NULL},
	{"created_at", "created_at", FIELD_TEXT, F_INTERNAL | F_NOHISTORY, NULL, NULL},
	{"updated_at", "updated_at", FIELD_TEXT, F_INTERNAL | F_NOHISTORY, NULL, NULL},
};

static const struct node_field area_fields[] = {
	{"number", "number", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"title", "title", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"table_header", "table_header", FIELD_TEXT, F_NULLABLE | F_INTERNAL, NULL, NULL},
};

static const struct node_field goal_fields[] = {
	{"text", "text", FIELD_TEXT, F_REQUIRED, NULL, NULL},
};

static const struct node_field focus_fields[] = {
	{"title", "title", FIELD_TEXT, F_REQUIRED, NULL, NULL},
};

static const struct node_field strategy_fields[] = {
	{"text", "text", FIELD_TEXT, F_REQUIRED, NULL, NULL},
};

static const struct node_field measure_fields[] = {
	{"text", "text", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"period", "period_text", FIELD_TEXT, 0, NULL, NULL},
	{"responsibility", "responsibility_text", FIELD_TEXT, 0, NULL, NULL},
	{"period_start", "period_start", FIELD_TEXT, F_INTERNAL | F_NULLABLE, NULL, NULL},
	{"period_end", "period_end", FIELD_TEXT, F_INTERNAL | F_NULLABLE, NULL, NULL},
	{"period_kind", "period_kind", FIELD_CODE, F_INTERNAL | F_NULLABLE, period_kind_stored_codes, NULL},
	{"plan_id", "plan_id", FIELD_INT, F_INTERNAL, NULL, NULL},
	{"continued_from", "continued_from", FIELD_INT, F_INTERNAL, NULL, NULL},
	{"state", "state", FIELD_CODE, F_INTERNAL, report_states, NULL},
	{"progress", "progress", FIELD_INT, F_INTERNAL, NULL, NULL},
	{"reported_on", "reported_on", FIELD_DATE, F_INTERNAL, NULL, NULL},
	{"project", "project_id", FIELD_INT, 0, NULL, "project"},
};

static const struct node_field budget_fields[] = {
	{"year", "year", FIELD_INT, 0, NULL, NULL},
	{"amount", "amount", FIELD_INT, 0, NULL, NULL},
	{"text", "text", FIELD_TEXT, 0, NULL, NULL},
	{"qualifier", "qualifier", FIELD_CODE, F_NULLABLE, money_qualifier_codes, NULL},
	{"per_year", "per_year", FIELD_INT, 0, NULL, NULL},
};

static const struct node_field section_fields[] = {
	{"title", "title", FIELD_TEXT, F_REQUIRED, NULL, NULL},
};

static const struct node_field entry_fields[] = {
	{"title", "title", FIELD_TEXT, 0, NULL, NULL},
	{"text", "text", FIELD_TEXT, 0, NULL, NULL},
};

static const struct node_field org_fields[] = {
	{"name", "name", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"kind", "kind", FIELD_CODE, F_REQUIRED, org_kinds, NULL},
	{"orgnr", "orgnr", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"municipality_no", "municipality_no", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"group_kind", "group_kind", FIELD_CODE, F_NULLABLE, group_kinds, NULL},
	{"reports_to", "reports_to_org_id", FIELD_INT, 0, NULL, "org"},
	{"reporting", "reporting", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"owner", "owner_org_id", FIELD_INT, F_INTERNAL, NULL, NULL},
	{"name_key", "name_key", FIELD_TEXT, F_INTERNAL, NULL, NULL},
	{"created_at", "created_at", FIELD_TEXT, F_INTERNAL, NULL, NULL},
};

static const struct node_field report_fields[] = {
	{"reported_on", "reported_on", FIELD_DATE, F_REQUIRED, NULL, NULL},
	{"state", "state", FIELD_CODE, F_REQUIRED, report_states, NULL},
	{"progress", "progress", FIELD_INT, 0, NULL, NULL},
	{"text", "text", FIELD_TEXT, 0, NULL, NULL},
	{"spent", "spent", FIELD_INT, 0, NULL, NULL},
	{"org", "org_id", FIELD_INT, 0, NULL, NULL},
	{"author", "author_id", FIELD_INT, F_INTERNAL, NULL, NULL},
	{"created_at", "created_at", FIELD_TEXT, F_INTERNAL | F_NOHISTORY, NULL, NULL},
	{"updated_at", "updated_at", FIELD_TEXT, F_INTERNAL | F_NULLABLE | F_NOHISTORY, NULL, NULL},
};

/* --- what a council keeps beside its plans (migration 007) --- */

static const struct node_field mandate_fields[] = {
	{"text", "text", FIELD_TEXT, F_REQUIRED, NULL, NULL},
};

static const struct node_field person_fields[] = {
	{"name", "name", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"role", "role", FIELD_TEXT, 0, NULL, NULL},
	{"org", "from_org_id", FIELD_INT, 0, NULL, "org"},
};

static const struct node_field role_fields[] = {
	{"title", "title", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"holder", "holder_org_id", FIELD_INT, 0, NULL, "org"},
	{"duties", "duties", FIELD_TEXT, 0, NULL, NULL},
};

static const struct node_field programme_fields[] = {
	{"title", "title", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"owner", "owner_org_id", FIELD_INT, 0, NULL, "org"},
	{"administrator", "administrator_org_id", FIELD_INT, 0, NULL, "org"},
	{"purpose", "purpose", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"council", "council_id", FIELD_INT, F_INTERNAL, NULL, "org"},
	{"created_at", "created_at", FIELD_TEXT, F_INTERNAL | F_NOHISTORY, NULL, NULL},
};

static const struct node_field phase_fields[] = {
	{"number", "number", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"name", "name", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"period", "period_text", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"purpose", "purpose", FIELD_TEXT, F_NULLABLE, NULL, NULL},
};

static const struct node_field project_fields[] = {
	{"title", "title", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"phase", "phase", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"state", "state", FIELD_CODE, F_REQUIRED, project_states, NULL},
	{"period", "period_text", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"main_goal", "main_goal", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"summary", "summary", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"programme", "programme_id", FIELD_INT, 0, NULL, "programme"},
	{"region", "region", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"population", "population", FIELD_INT, 0, NULL, NULL},
	{"population_on", "population_on", FIELD_DATE, 0, NULL, NULL},
	{"area_km2", "area_km2", FIELD_INT, 0, NULL, NULL},
	{"frame", "frame", FIELD_INT, 0, NULL, NULL},
	{"ends", "ends", FIELD_INT, 0, NULL, NULL},
	{"council", "council_id", FIELD_INT, F_INTERNAL, NULL, "org"},
	{"created_at", "created_at", FIELD_TEXT, F_INTERNAL | F_NOHISTORY, NULL, NULL},
};

static const struct node_field project_role_fields[] = {
	{"role", "role", FIELD_CODE, F_REQUIRED, project_roles, NULL},
	{"name", "name", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"org", "org_id", FIELD_INT, 0, NULL, "org"},
};

static const struct node_field point_fields[] = {
	{"list", "list", FIELD_CODE, F_REQUIRED, point_lists, NULL},
	{"heading", "heading", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"dated_on", "dated_on", FIELD_DATE, 0, NULL, NULL},
	{"text", "text", FIELD_TEXT, F_REQUIRED, NULL, NULL},
};

static const struct node_field grant_fields[] = {
	{"funder", "funder_org_id", FIELD_INT, 0, NULL, "org"},
	{"amount", "amount", FIELD_INT, 0, NULL, NULL},
	{"decided_on", "decided_on", FIELD_DATE, 0, NULL, NULL},
	{"reference", "reference", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"text", "text", FIELD_TEXT, F_NULLABLE, NULL, NULL},
};

static const struct node_field meeting_fields[] = {
	{"title", "title", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"date", "held_on", FIELD_DATE, F_REQUIRED, NULL, NULL},
	{"place", "place", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"body", "body_org_id", FIELD_INT, 0, NULL, "org"},
	{"participants", "participants", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"council", "council_id", FIELD_INT, F_INTERNAL, NULL, "org"},
	{"created_at", "created_at", FIELD_TEXT, F_INTERNAL | F_NOHISTORY, NULL, NULL},
};

static const struct node_field item_fields[] = {
	{"number", "number", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"title", "title", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"text", "text", FIELD_TEXT, F_NULLABLE, NULL, NULL},
};

static const struct node_field decision_fields[] = {
	{"text", "text", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"decided_on", "decided_on", FIELD_DATE, 0, NULL, NULL},
};

static const struct node_field followup_fields[] = {
	{"text", "text", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"responsible", "responsible_org_id", FIELD_INT, 0, NULL, "org"},
	{"responsible_text", "responsible_text", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"due", "due", FIELD_DATE, 0, NULL, NULL},
	{"done", "done", FIELD_CODE, F_REQUIRED, yes_no, NULL},
};

static const struct node_field indicator_fields[] = {
	{"name", "name", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"unit", "unit", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"source", "source", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"org", "org_id", FIELD_INT, 0, NULL, "org"},
	{"decimals", "decimals", FIELD_INT, 0, NULL, NULL},
	{"target", "target_value", FIELD_DECIMAL, 0, NULL, NULL},
	{"target_period", "target_period", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"council", "council_id", FIELD_INT, F_INTERNAL, NULL, "org"},
	{"created_at", "created_at", FIELD_TEXT, F_INTERNAL | F_NOHISTORY, NULL, NULL},
};

static const struct node_field projection_fields[] = {
	{"name", "name", FIELD_TEXT, F_REQUIRED, NULL, NULL},
};

static const struct node_field project_report_fields[] = {
	{"reported_on", "reported_on", FIELD_DATE, F_REQUIRED, NULL, NULL},
	{"state", "state", FIELD_CODE, F_REQUIRED, report_states, NULL},
	{"progress", "progress", FIELD_INT, 0, NULL, NULL},
	{"text", "text", FIELD_TEXT, F_NULLABLE, NULL, NULL},
	{"spent", "spent", FIELD_INT, 0, NULL, NULL},
	{"created_at", "created_at", FIELD_TEXT, F_INTERNAL | F_NOHISTORY, NULL, NULL},
};

static const struct node_field round_fields[] = {
	{"name", "name", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"deadline", "deadline", FIELD_DATE, F_REQUIRED, NULL, NULL},
	{"opened_on", "opened_on", FIELD_DATE, F_INTERNAL, NULL, NULL},
	{"closed_at", "closed_at", FIELD_TEXT, F_INTERNAL | F_NULLABLE, NULL, NULL},
	{"created_at", "created_at", FIELD_TEXT, F_INTERNAL | F_NOHISTORY, NULL, NULL},
};

static const char *const date_kinds[] = {"decision", "council", "other", NULL};

static const struct node_field date_fields[] = {
	{"date", "on_date", FIELD_DATE, F_REQUIRED, NULL, NULL},
	{"title", "title", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"kind", "kind", FIELD_CODE, F_REQUIRED, date_kinds, NULL},
};

static const struct node_field value_fields[] = {
	{"period", "period", FIELD_TEXT, F_REQUIRED, NULL, NULL},
	{"value", "value", FIELD_DECIMAL, F_REQUIRED, NULL, NULL},
	{"projection", "projection_id", FIELD_INT, 0, NULL, "projection"},
};

#define FIELDS(f) f, sizeof f / sizeof *f

static const struct node_kind_info kinds[NODE_KIND_COUNT] = {
	[NODE_PLAN] = {"plan", "plan", NULL, NODE_PLAN, FIELDS(plan_fields), false},
	[NODE_AREA] = {"area", "area", "plan_id", NODE_PLAN, FIELDS(area_fields), true},
	[NODE_GOAL] = {"goal", "goal", "area_id", NODE_AREA, FIELDS(goal_fields), true},
	[NODE_FOCUS] = {"focus", "focus", "area_id", NODE_AREA, FIELDS(focus_fields), true},
	[NODE_STRATEGY] = {"strategy", "strategy", "focus_id", NODE_FOCUS, FIELDS(strategy_fields), true},
	[NODE_MEASURE] = {"measure", "measure", "strategy_id", NODE_STRATEGY, FIELDS(measure_fields), true},
	[NODE_BUDGET] = {"budget", "budget_line", "measure_id", NODE_MEASURE, FIELDS(budget_fields), true},
	[NODE_SECTION] = {"section", "plan_section", "plan_id", NODE_PLAN, FIELDS(section_fields), true},
	[NODE_ENTRY] = {"entry", "section_entry", "section_id", NODE_SECTION, FIELDS(entry_fields), true},
	[NODE_ORG] = {"org", "org", NULL, NODE_ORG, FIELDS(org_fields), false},
	[NODE_REPORT] = {"report", "report", "measure_id", NODE_MEASURE, FIELDS(report_fields), false},
	[NODE_MANDATE] = {"mandate", "mandate_point", "org_id", NODE_ORG, FIELDS(mandate_fields), true},
	[NODE_PERSON] = {"person", "group_person", "org_id", NODE_ORG, FIELDS(person_fields), true},
	[NODE_ROLE] = {"role", "council_role", "org_id", NODE_ORG, FIELDS(role_fields), true},
	[NODE_PROGRAMME] = {"programme", "programme", NULL, NODE_PROGRAMME, FIELDS(programme_fields), false},
	[NODE_PHASE] = {"phase", "programme_phase", "programme_id", NODE_PROGRAMME, FIELDS(phase_fields), true},
	[NODE_PROJECT] = {"project", "project", NULL, NODE_PROJECT, FIELDS(project_fields), false},
	[NODE_PROJECT_ROLE] = {"project_role", "project_role", "project_id", NODE_PROJECT, FIELDS(project_role_fields), true},
	[NODE_POINT] = {"point", "project_point", "project_id", NODE_PROJECT, FIELDS(point_fields), true},
	[NODE_GRANT] = {"grant", "project_grant", "project_id", NODE_PROJECT, FIELDS(grant_fields), true},
	[NODE_MEETING] = {"meeting", "meeting", NULL, NODE_MEETING, FIELDS(meeting_fields), false},
	[NODE_ITEM] = {"item", "agenda_item", "meeting_id", NODE_MEETING, FIELDS(item_fields), true},
	[NODE_DECISION] = {"decision", "decision", "meeting_id", NODE_MEETING, FIELDS(decision_fields), true},
	[NODE_FOLLOWUP] = {"followup", "followup", "meeting_id", NODE_MEETING, FIELDS(followup_fields), true},
	[NODE_INDICATOR] = {"indicator", "indicator", NULL, NODE_INDICATOR, FIELDS(indicator_fields), false},
	[NODE_PROJECTION] = {"projection", "projection", "indicator_id", NODE_INDICATOR, FIELDS(projection_fields), true},
	[NODE_VALUE] = {"value", "indicator_value", "indicator_id", NODE_INDICATOR, FIELDS(value_fields), false},
	[NODE_PROJECT_REPORT] = {"project_report", "project_report", "project_id", NODE_PROJECT, FIELDS(project_report_fields), false},
	[NODE_ROUND] = {"round", "round", "plan_id", NODE_PLAN, FIELDS(round_fields), false},
	[NODE_DATE] = {"date", "plan_date", "plan_id", NODE_PLAN, FIELDS(date_fields), false},
};

/* Kinds whose rows are ordered among their siblings by a position column. */
static bool ordered(enum node_kind k)
{
	return kinds[k].ordered;
}

const struct node_kind_info *node_info(enum node_kind k)
{
	return (unsigned)k < NODE_KIND_COUNT ? &kinds[k] : NULL;
}

int node_kind_parse(const char *code, enum node_kind *k)
{
	for (int i = 0; code && i < NODE_KIND_COUNT; i++)
		if (strcmp(code, kinds[i].code) == 0) {
			*k = (enum node_kind)i;
			return OK;
		}
	return ERR;
}

const struct node_field *node_field(enum node_kind k, const char *name)
{
	const struct node_kind_info *info = node_info(k);
	for (size_t i = 0; info && name && i < info->nfields; i++)
		if (strcmp(info->fields[i].name, name) == 0)
			return &info->fields[i];
	return NULL;
}

/* --- patches --- */

void patch_set(struct patch *p, const char *field, const char *value)
{
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->items[i].field, field) == 0) {
			p->items[i].value = value;
			return;
		}
	if (p->count < PATCH_MAX) {
		p->items[p->count].field = field;
		p->items[p->count].value = value;
		p->count++;
	}
}

const char *patch_get(const struct patch *p, const char *field, bool *present)
{
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->items[i].field, field) == 0) {
			if (present)
				*present = true;
			return p->items[i].value;
		}
	if (present)
		*present = false;
	return NULL;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* A whole number of at most MONEY_MAX in size (amounts, years, ids, a
 * percentage): sums of many stay far from overflow. */
static bool parse_int(const char *s, int64_t *out)
{
	char *end;
	if (!s || !*s)
		return false;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno == ERANGE || v > MONEY_MAX || v < -MONEY_MAX)
		return false;
	*out = v;
	return true;
}

/* True when s is a real calendar date written YYYY-MM-DD. */
static bool valid_date(const char *s)
{
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1)
		return false;
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] && !(m == 2 && d == 29 && !leap);
}

/* A decimal number as a person or a statistics file writes it: an optional
 * minus, at most 15 digits, and optionally a point and at most 6 more. */
static bool decimal_valid(const char *s)
{
	size_t whole = 0, frac = 0;
	if (*s == '-')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		whole++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			frac++;
	return !*s && whole >= 1 && whole <= 15 && frac <= 6 && (frac || s[-1] != '.');
}

/* With strict, a required field may not be blank; the model's own callers
 * (an importer keeping a plan's empty cell) may store one. */
static int check_value(const struct node_field *f, const char *v, bool strict,
		       struct err *e)
{
	if (strict && (f->flags & F_REQUIRED) && blank(v))
		return err_set(e, ERR_INPUT, f->name, _("This field must be filled in."));
	if (!v || !*v)
		return OK;
	size_t n = strlen(v);
	int64_t i;
	switch (f->type) {
	case FIELD_TEXT:
		if (!utf8_valid(v, n))
			return err_set(e, ERR_INPUT, f->name, _("The text is not valid UTF-8."));
		for (size_t c = 0; c < n; c++)
			if ((unsigned char)v[c] < 0x20 && v[c] != '\t' && v[c] != '\n' && v[c] != '\r')
				return err_set(e, ERR_INPUT, f->name,
					       _("The text has a control character; remove it."));
		if (n > NODE_TEXT_MAX)
			return err_set(e, ERR_INPUT, f->name,
				       _("The text is too long (at most %d bytes)."), NODE_TEXT_MAX);
		return OK;
	case FIELD_INT:
		if (!parse_int(v, &i))
			return err_set(e, ERR_INPUT, f->name,
				       _("Write a whole number (at most 15 digits)."));
		if (strcmp(f->name, "progress") == 0 && (i < 0 || i > 100))
			return err_set(e, ERR_INPUT, f->name, _("Progress is a percentage from 0 to 100."));
		return OK;
	case FIELD_DATE:
		if (!valid_date(v))
			return err_set(e, ERR_INPUT, f->name,
				       _("Write the date as YYYY-MM-DD (e.g. 2026-02-10)."));
		return OK;
	case FIELD_CODE:
		for (const char *const *c = f->codes; *c; c++)
			if (strcmp(*c, v) == 0)
				return OK;
		return err_set(e, ERR_INPUT, f->name, _("Choose one of the values offered."));
	case FIELD_DECIMAL:
		if (!decimal_valid(v))
			return err_set(e, ERR_INPUT, f->name,
				       _("Write a number, with a point before any decimals (e.g. 15071 or -2.5)."));
		return OK;
	}
	return OK;
}

int patch_check(enum node_kind k, const struct patch *p, bool allow_internal,
		struct err *e)
{
	for (size_t i = 0; i < p->count; i++) {
		const struct node_field *f = node_field(k, p->items[i].field);
		if (!f || ((f->flags & F_INTERNAL) && !allow_internal))
			return err_set(e, ERR_INPUT, p->items[i].field,
				       _("\"%s\" is not a field that can be changed here."),
				       p->items[i].field);
		if (check_value(f, p->items[i].value, !allow_internal, e) != OK)
			return ERR;
	}
	return OK;
}

/* Every field of p that names a row of another table names one that
 * exists: a form's or a file's id is only a number. */
static int check_ref_rows(struct db *db, enum node_kind k, const struct patch *p,
			  struct err *e)
{
	for (size_t i = 0; i < p->count; i++) {
		const struct node_field *f = node_field(k, p->items[i].field);
		const char *v = p->items[i].value;
		if (!f || !f->refs || !v || !*v)
			continue;
		char sql[96];
		snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = :id", f->refs);
		struct stmt *st = db_prepare_once(db, sql);
		stmt_bind_int(st, ":id", strtoll(v, NULL, 10));
		int rc = stmt_step(st, e);
		stmt_finish(st);
		if (rc == ERR)
			return ERR;
		if (rc == DB_DONE)
			return err_set(e, ERR_INPUT, f->name,
				       _("There is nothing with number %s to point to here."), v);
	}
	return OK;
}

/* Binds v for field f at name: the right SQL type, NULL for empty. */
static void bind_value(struct stmt *st, const char *name, const struct node_field *f,
		       const char *v)
{
	int64_t i;
	if (!v || (!*v && (f->type != FIELD_TEXT || (f->flags & F_NULLABLE))))
		stmt_bind_null(st, name);
	else if (f->type == FIELD_INT && parse_int(v, &i))
		stmt_bind_int(st, name, i);
	else
		stmt_bind_text(st, name, v);
}


/* --- what follows from a write, per kind --- */

/* Fields the model derives from others: a measure's parsed period, an
 * organisation's fold key. With strict (a person's edit), a period that
 * cannot be read is an error; an importer keeps such text unparsed. The
 * copy *out shares p's strings; derived values live in a. */
static int derive(enum node_kind k, const struct patch *p, bool strict,
		  struct arena *a, struct patch *out, struct err *e)
{
	*out = *p;
	bool present;
	const char *v;
	if (k == NODE_MEASURE && (v = patch_get(p, "period", &present), present)) {
		struct period per = {0};
		struct err pe = ERR_INIT;
		if (v && !blank(v) && period_parse(v, &per, &pe) != OK && strict)
			return err_set(e, ERR_INPUT, "period", "%s", pe.msg);
		patch_set(out, "period_start", per.start[0] ? arena_strdup(a, per.start) : NULL);
		patch_set(out, "period_end", per.end[0] ? arena_strdup(a, per.end) : NULL);
		/* NULL is a range, as in every row stored before kinds. */
		patch_set(out, "period_kind", per.kind == PERIOD_RANGE ? NULL
					      : period_kind_code(per.kind));
	}
	if (k == NODE_ORG && (v = patch_get(p, "name", &present), present) && v) {
		struct buf key = BUF_INIT;
		utf8_fold(&key, v, strlen(v));
		patch_set(out, "name_key", arena_strdup(a, key.data));
		buf_release(&key);
	}
	return OK;
}

int measure_refresh_state_in_tx(struct db *db, int64_t measure, struct err *e)
{
	/* Not a change of the measure itself: its version stays, so an
	 * editor's open form is not made stale by a report. */
	struct stmt *st = db_prepare(db,
		"UPDATE measure SET"
		" state = (SELECT r.state FROM report r WHERE r.measure_id = :m"
		"  ORDER BY r.reported_on DESC, r.id DESC LIMIT 1),"
		" progress = (SELECT r.progress FROM report r WHERE r.measure_id = :m"
		"  ORDER BY r.reported_on DESC, r.id DESC LIMIT 1),"
		" reported_on = (SELECT MAX(r.reported_on) FROM report r WHERE r.measure_id = :m)"
		" WHERE id = :m");
	stmt_bind_int(st, ":m", measure);
	return stmt_run(st, e);
}

int node_touch_plans_of_org(struct db *db, int64_t org, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"UPDATE plan SET data_version = data_version + 1"
		" WHERE owner_org_id = :org OR adopted_by_org_id = :org"
		" OR id IN (SELECT m.plan_id FROM measure_org mo JOIN measure m"
		"  ON m.id = mo.measure_id WHERE mo.org_id = :org)");
	stmt_bind_int(st, ":org", org);
	return stmt_run(st, e);
}

/* Raises the data version of every plan with a measure project carries out. */
static int touch_plans_of_project(struct db *db, int64_t project, struct err *e)
{
	struct stmt *st = db_prepare(db,
		"UPDATE plan SET data_version = data_version + 1"
		" WHERE id IN (SELECT plan_id FROM measure WHERE project_id = :p)");
	stmt_bind_int(st, ":p", project);
	return stmt_run(st, e);
}

/* After a write of node (k, id) whose parent is parent. */
static int after_write(struct db *db, enum node_kind k, int64_t id, int64_t parent,
		       struct err *e)
{
	if (k == NODE_REPORT)
		return measure_refresh_state_in_tx(db, parent, e);
	if (k == NODE_ORG)
		return node_touch_plans_of_org(db, id, e);
	if (k == NODE_PROJECT) /* the measures it carries out name it */
		return touch_plans_of_project(db, id, e);
	return OK;
}

/* --- reading --- */

int node_load(struct db *db, struct arena *a, enum node_kind k, int64_t id,
	      struct node_values *out, struct err *e)
{
	const struct node_kind_info *info = &kinds[k];
	memset(out, 0, sizeof *out);
	out->kind = k;
	out->id = id;
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "SELECT version, %s, %s", info->parent_column ? info->parent_column : "0",
		 ordered(k) ? "position" : "0");
	for (size_t i = 0; i < info->nfields; i++)
		buf_addf(&sql, ", %s", info->fields[i].column);
	buf_addf(&sql, " FROM %s WHERE id = :id", info->table);
	struct stmt *st = db_prepare_once(db, sql.data);
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW) {
		out->version = col_int(st, 0);
		out->parent = col_int(st, 1);
		out->position = (int)col_int(st, 2);
		for (size_t i = 0; i < info->nfields; i++) {
			const char *v = col_text(st, (int)i + 3);
			out->values[i] = v ? arena_strdup(a, v) : NULL;
		}
	}
	stmt_finish(st);
	buf_release(&sql);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("It no longer exists: someone may have deleted it."));
	if (rc != DB_ROW)
		return ERR;
	return node_plan_of(db, k, id, &out->plan, e);
}

const char *node_value(const struct node_values *v, const char *name)
{
	const struct node_kind_info *info = &kinds[v->kind];
	for (size_t i = 0; name && i < info->nfields; i++)
		if (strcmp(info->fields[i].name, name) == 0)
			return v->values[i];
	return NULL;
}

int node_children(struct db *db, struct arena *a, enum node_kind child,
		  int64_t parent, int64_t **ids, size_t *count, struct err *e)
{
	struct {
		int64_t *items;
		size_t count, cap;
	} list = {0};
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE %s = :parent ORDER BY %s",
		 kinds[child].table, kinds[child].parent_column ? kinds[child].parent_column : "id",
		 ordered(child) ? "position" : "id");
	struct stmt *st = db_prepare_once(db, sql);
	stmt_bind_int(st, ":parent", parent);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW)
		*ARENA_PUSH(a, list) = col_int(st, 0);
	stmt_finish(st);
	*ids = list.items;
	*count = list.count;
	return rc == ERR ? ERR : OK;
}

int node_versions_in_plan(struct db *db, struct arena *a, enum node_kind k,
			  int64_t plan, node_version_list *out, struct err *e)
{
	const char *sql = NULL;
	memset(out, 0, sizeof *out);
	switch (k) {
	case NODE_PLAN: sql = "SELECT id, version FROM plan WHERE id = :plan"; break;
	case NODE_AREA: sql = "SELECT id, version FROM area WHERE plan_id = :plan ORDER BY id"; break;
	case NODE_GOAL:
		sql = "SELECT g.id, g.version FROM goal g JOIN area a ON a.id = g.area_id"
		      " WHERE a.plan_id = :plan ORDER BY g.id";
		break;
	case NODE_FOCUS:
		sql = "SELECT f.id, f.version FROM focus f JOIN area a ON a.id = f.area_id"
		      " WHERE a.plan_id = :plan ORDER BY f.id";
		break;
	case NODE_STRATEGY:
		sql = "SELECT s.id, s.version FROM strategy s JOIN focus f ON f.id = s.focus_id"
		      " JOIN area a ON a.id = f.area_id WHERE a.plan_id = :plan ORDER BY s.id";
		break;
	case NODE_MEASURE:
		sql = "SELECT id, version FROM measure WHERE plan_id = :plan ORDER BY id";
		break;
	case NODE_BUDGET:
		sql = "SELECT b.id, b.version FROM budget_line b JOIN measure m ON m.id = b.measure_id"
		      " WHERE m.plan_id = :plan ORDER BY b.id";
		break;
	case NODE_SECTION:
		sql = "SELECT id, version FROM plan_section WHERE plan_id = :plan ORDER BY id";
		break;
	case NODE_ENTRY:
		sql = "SELECT en.id, en.version FROM section_entry en JOIN plan_section s"
		      " ON s.id = en.section_id WHERE s.plan_id = :plan ORDER BY en.id";
		break;
	case NODE_REPORT:
		sql = "SELECT r.id, r.version FROM report r JOIN measure m ON m.id = r.measure_id"
		      " WHERE m.plan_id = :plan ORDER BY r.id";
		break;
	default: /* an organisation and the records (model/record.h) */
		return OK;
	}
	struct stmt *st = db_prepare(db, sql);
	stmt_bind_int(st, ":plan", plan);
	int rc;
	while ((rc = stmt_step(st, e)) == DB_ROW) {
		struct node_version_pair *pair = ARENA_PUSH(a, *out);
		pair->id = col_int(st, 0);
		pair->version = col_int(st, 1);
	}
	stmt_finish(st);
	return rc == ERR ? ERR : OK;
}

int64_t node_version_in(const node_version_list *l, int64_t id)
{
	size_t lo = 0, hi = l->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->items[mid].id == id)
			return l->items[mid].version;
		if (l->items[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int node_version(struct db *db, enum node_kind k, int64_t id,
		 int64_t *version, struct err *e)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT version FROM %s WHERE id = :id", kinds[k].table);
	struct stmt *st = db_prepare_once(db, sql);
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	*version = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("It no longer exists: someone may have deleted it."));
	return rc == DB_ROW ? OK : ERR;
}

int node_plan_of(struct db *db, enum node_kind k, int64_t id, int64_t *plan,
		 struct err *e)
{
	const char *sql = NULL;
	*plan = 0;
	switch (k) {
	case NODE_PLAN: sql = "SELECT id FROM plan WHERE id = :id"; break;
	case NODE_AREA: sql = "SELECT plan_id FROM area WHERE id = :id"; break;
	case NODE_GOAL:
		sql = "SELECT a.plan_id FROM goal g JOIN area a ON a.id = g.area_id WHERE g.id = :id";
		break;
	case NODE_FOCUS:
		sql = "SELECT a.plan_id FROM focus f JOIN area a ON a.id = f.area_id WHERE f.id = :id";
		break;
	case NODE_STRATEGY:
		sql = "SELECT a.plan_id FROM strategy s JOIN focus f ON f.id = s.focus_id"
		      " JOIN area a ON a.id = f.area_id WHERE s.id = :id";
		break;
	case NODE_MEASURE: sql = "SELECT plan_id FROM measure WHERE id = :id"; break;
	case NODE_BUDGET:
		sql = "SELECT m.plan_id FROM budget_line b JOIN measure m ON m.id = b.measure_id"
		      " WHERE b.id = :id";
		break;
	case NODE_SECTION: sql = "SELECT plan_id FROM plan_section WHERE id = :id"; break;
	case NODE_ENTRY:
		sql = "SELECT s.plan_id FROM section_entry en JOIN plan_section s"
		      " ON s.id = en.section_id WHERE en.id = :id";
		break;
	case NODE_REPORT:
		sql = "SELECT m.plan_id FROM report r JOIN measure m ON m.id = r.measure_id"
		      " WHERE r.id = :id";
		break;
	case NODE_ROUND: sql = "SELECT plan_id FROM round WHERE id = :id"; break;
	case NODE_DATE: sql = "SELECT plan_id FROM plan_date WHERE id = :id"; break;
	default: /* an organisation and the records: in no plan */
		return OK;
	}
	struct stmt *st = db_prepare(db, sql);
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		*plan = col_int(st, 0);
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("It no longer exists: someone may have deleted it."));
	return rc == DB_ROW ? OK : ERR;
}

int node_get_field(struct db *db, struct arena *a, enum node_kind k,
		   int64_t id, const char *field, const char **value,
		   struct err *e)
{
	const struct node_field *f = node_field(k, field);
	*value = NULL;
	if (!f)
		return err_set(e, ERR_INPUT, field, _("\"%s\" is not a field that can be changed here."),
			       field);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = :id", f->column, kinds[k].table);
	struct stmt *st = db_prepare_once(db, sql);
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	if (rc == DB_ROW && col_text(st, 0))
		*value = arena_strdup(a, col_text(st, 0));
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("It no longer exists: someone may have deleted it."));
	return rc == DB_ROW ? OK : ERR;
}

/* --- writing --- */

static int place_of(struct db *db, enum node_kind k, int64_t id, int64_t *parent,
		    int64_t *position, struct err *e);

/* Raises plan's data version; a status report's (report) its report
 * version with it, so the plan's content version (data_version -
 * report_version, plan.h) stays: only measures' states changed. */
static int touch_plan(struct db *db, int64_t plan, bool report, struct err *e)
{
	if (!plan)
		return OK;
	char now[CLOCK_ISO_LEN + 1];
	clock_iso_now(0, now);
	struct stmt *st = db_prepare(db,
		"UPDATE plan SET data_version = data_version + 1,"
		" report_version = report_version + :report, updated_at = :now WHERE id = :plan");
	stmt_bind_int(st, ":report", report);
	stmt_bind_text(st, ":now", now);
	stmt_bind_int(st, ":plan", plan);
	return stmt_run(st, e);
}

int node_touch_plan_in_tx(struct db *db, int64_t plan, struct err *e)
{
	return touch_plan(db, plan, false, e);
}

/* After a write of a node of kind k: any write but a report's, here or
 * anywhere, raises the plan's content version. */
static int touch_plan_after(struct db *db, enum node_kind k, int64_t plan, struct err *e)
{
	return touch_plan(db, plan, k == NODE_REPORT, e);
}

static int conflict(struct err *e, int64_t current, int64_t expected)
{
	return err_set(e, ERR_CONFLICT, NULL,
		       _("Someone else changed this while you were working on it (it is now at version %lld, you started from %lld). Nothing was saved."),
		       (long long)current, (long long)expected);
}

/* The node's current version, for the conflict message. */
static int64_t current_version(struct db *db, enum node_kind k, int64_t id)
{
	struct err ignore = ERR_INIT;
	int64_t v = 0;
	node_version(db, k, id, &v, &ignore);
	return v;
}

static bool same(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	return strcmp(a, b) == 0;
}

/* Old values of the patch's fields (into arena), in patch order. */
static int read_old(struct db *db, struct arena *a, enum node_kind k, int64_t id,
		    const struct patch *p, const char **old, struct err *e)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT version");
	for (size_t i = 0; i < p->count; i++)
		buf_addf(&sql, ", %s", node_field(k, p->items[i].field)->column);
	buf_addf(&sql, " FROM %s WHERE id = :id", kinds[k].table);
	struct stmt *st = db_prepare_once(db, sql.data);
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	for (size_t i = 0; rc == DB_ROW && i < p->count; i++) {
		const char *v = col_text(st, (int)i + 1);
		old[i] = v ? arena_strdup(a, v) : NULL;
	}
	stmt_finish(st);
	buf_release(&sql);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("It no longer exists: someone may have deleted it."));
	return rc == DB_ROW ? OK : ERR;
}

/* The value as stored, for comparing with the old one ("" of a nullable
 * field is NULL). */
static const char *stored(const struct node_field *f, const char *v)
{
	if (v && !*v && (f->type != FIELD_TEXT || (f->flags & F_NULLABLE)))
		return NULL;
	return v;
}

int node_update_in_tx(struct db *db, enum node_kind k, int64_t id,
		      int64_t expected_version, const struct patch *p,
		      const char *actor, int64_t *new_version, struct err *e)
{
	struct arena a = ARENA_INIT;
	struct patch full;
	const char *old[PATCH_MAX];
	struct buf sql = BUF_INIT;
	int64_t plan, parent = 0, position;
	int rc = ERR;
	if (patch_check(k, p, true, e) != OK || check_ref_rows(db, k, p, e) != OK ||
	    derive(k, p, false, &a, &full, e) != OK || node_plan_of(db, k, id, &plan, e) != OK)
		goto done;
	p = &full;
	if (kinds[k].parent_column && place_of(db, k, id, &parent, &position, e) != OK)
		goto done;
	if (read_old(db, &a, k, id, p, old, e) != OK)
		goto done;
	buf_addf(&sql, "UPDATE %s SET version = version + 1", kinds[k].table);
	for (size_t i = 0; i < p->count; i++)
		buf_addf(&sql, ", %s = :v%zu", node_field(k, p->items[i].field)->column, i);
	buf_adds(&sql, " WHERE id = :id AND version = :version RETURNING version");
	struct stmt *st = db_prepare_once(db, sql.data);
	for (size_t i = 0; i < p->count; i++) {
		char name[32];
		snprintf(name, sizeof name, ":v%zu", i);
		bind_value(st, name, node_field(k, p->items[i].field), p->items[i].value);
	}
	stmt_bind_int(st, ":id", id);
	stmt_bind_int(st, ":version", expected_version);
	int step = stmt_step(st, e);
	if (step == DB_ROW && new_version)
		*new_version = col_int(st, 0);
	stmt_finish(st);
	if (step == ERR)
		goto done;
	if (step == DB_DONE) { /* no row had that version */
		conflict(e, current_version(db, k, id), expected_version);
		goto done;
	}
	char action[48];
	snprintf(action, sizeof action, "%s.update", kinds[k].code);
	for (size_t i = 0; i < p->count; i++) {
		const struct node_field *f = node_field(k, p->items[i].field);
		const char *now = stored(f, p->items[i].value);
		if (same(old[i], now) || (f->flags & F_NOHISTORY))
			continue;
		if (audit_field_in_tx(db, actor, action, kinds[k].code, id, plan, f->name,
				      old[i], now, e) != OK)
			goto done;
	}
	if (after_write(db, k, id, parent, e) == OK)
		rc = touch_plan_after(db, k, plan, e);
done:
	buf_release(&sql);
	arena_release(&a);
	return rc;
}

/* Shifts the positions of parent's children of kind k that are at or after
 * from by delta (+1 or -1). Positions are unique among siblings, so the
 * rows first go to negative positions and then come back. */
static int shift(struct db *db, enum node_kind k, int64_t parent, int64_t from,
		 int delta, struct err *e)
{
	char sql[256];
	snprintf(sql, sizeof sql,
		 "UPDATE %s SET position = -(position + :delta)"
		 " WHERE %s = :parent AND position >= :from",
		 kinds[k].table, kinds[k].parent_column);
	struct stmt *st = db_prepare_once(db, sql);
	stmt_bind_int(st, ":delta", delta);
	stmt_bind_int(st, ":parent", parent);
	stmt_bind_int(st, ":from", from);
	if (stmt_run(st, e) != OK)
		return ERR;
	snprintf(sql, sizeof sql,
		 "UPDATE %s SET position = -position WHERE %s = :parent AND position < 0",
		 kinds[k].table, kinds[k].parent_column);
	st = db_prepare_once(db, sql);
	stmt_bind_int(st, ":parent", parent);
	return stmt_run(st, e);
}

/* How many children of kind k parent has. */
static int count_children(struct db *db, enum node_kind k, int64_t parent,
			  int64_t *n, struct err *e)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE %s = :parent",
		 kinds[k].table, kinds[k].parent_column);
	struct stmt *st = db_prepare_once(db, sql);
	stmt_bind_int(st, ":parent", parent);
	int rc = stmt_step(st, e);
	*n = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	return rc == DB_ROW ? OK : ERR;
}

/* The parent and position of node (k, id). */
static int place_of(struct db *db, enum node_kind k, int64_t id, int64_t *parent,
		    int64_t *position, struct err *e)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT %s, %s FROM %s WHERE id = :id",
		 kinds[k].parent_column, ordered(k) ? "position" : "0", kinds[k].table);
	struct stmt *st = db_prepare_once(db, sql);
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	*parent = rc == DB_ROW ? col_int(st, 0) : 0;
	*position = rc == DB_ROW ? col_int(st, 1) : 0;
	stmt_finish(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, _("It no longer exists: someone may have deleted it."));
	return rc == DB_ROW ? OK : ERR;
}

/* The plan a new node under parent will belong to. */
static int plan_for_parent(struct db *db, enum node_kind k, int64_t parent,
			   int64_t *plan, struct err *e)
{
	*plan = 0;
	if (!kinds[k].parent_column)
		return OK;
	struct err inner = ERR_INIT;
	int64_t version;
	/* A record's parent is in no plan: it must exist all the same. */
	if (node_plan_of(db, kinds[k].parent, parent, plan, &inner) != OK ||
	    (!*plan && node_version(db, kinds[k].parent, parent, &version, &inner) != OK)) {
		if (inner.kind == ERR_NOT_FOUND)
			return err_set(e, ERR_NOT_FOUND, NULL,
				       _("What you wanted to add to no longer exists."));
		*e = inner;
		return ERR;
	}
	return OK;
}

/* Clamps a wished position to 1 .. n + 1 (0 means last). */
static int64_t clamp_position(int position, int64_t n)
{
	return position <= 0 || position > n + 1 ? n + 1 : position;
}

/* node_create_in_tx with the derived values' arena a. */
static int create_row(struct db *db, enum node_kind k, int64_t parent, int position,
		      const struct patch *given, const char *actor, int64_t *id,
		      struct arena *a, struct err *e)
{
	const struct node_kind_info *info = &kinds[k];
	int64_t plan = 0, at = 0;
	struct patch full;
	if (patch_check(k, given, true, e) != OK || check_ref_rows(db, k, given, e) != OK ||
	    derive(k, given, false, a, &full, e) != OK ||
	    plan_for_parent(db, k, parent, &plan, e) != OK)
		return ERR;
	if (k == NODE_MEASURE) /* a measure names its plan as well as its strategy */
		patch_set(&full, "plan_id", arena_printf(a, "%lld", (long long)plan));
	if (k == NODE_PROJECT_REPORT) { /* when it was written */
		char now[CLOCK_ISO_LEN + 1];
		clock_iso_now(0, now);
		patch_set(&full, "created_at", arena_strdup(a, now));
	}
	const struct patch *p = &full;
	if (ordered(k)) {
		int64_t n;
		if (count_children(db, k, parent, &n, e) != OK)
			return ERR;
		at = clamp_position(position, n);
		if (at <= n && shift(db, k, parent, at, +1, e) != OK)
			return ERR;
	}
	struct buf sql = BUF_INIT, values = BUF_INIT;
	buf_addf(&sql, "INSERT INTO %s (", info->table);
	const char *sep = "";
	if (info->parent_column) {
		buf_addf(&sql, "%s", info->parent_column);
		buf_adds(&values, ":parent");
		sep = ", ";
	}
	if (ordered(k)) {
		buf_addf(&sql, "%sposition", sep);
		buf_addf(&values, "%s:position", sep);
		sep = ", ";
	}
	for (size_t i = 0; i < p->count; i++) {
		buf_addf(&sql, "%s%s", sep, node_field(k, p->items[i].field)->column);
		buf_addf(&values, "%s:v%zu", sep, i);
		sep = ", ";
	}
	buf_addf(&sql, ") VALUES (%s) RETURNING id", values.data);
	struct stmt *st = db_prepare_once(db, sql.data);
	if (info->parent_column)
		stmt_bind_int(st, ":parent", parent);
	if (ordered(k))
		stmt_bind_int(st, ":position", at);
	for (size_t i = 0; i < p->count; i++) {
		char name[32];
		snprintf(name, sizeof name, ":v%zu", i);
		bind_value(st, name, node_field(k, p->items[i].field), p->items[i].value);
	}
	int rc = stmt_step(st, e);
	if (rc == DB_ROW)
		*id = col_int(st, 0);
	stmt_finish(st);
	buf_release(&sql);
	buf_release(&values);
	if (rc != DB_ROW)
		return ERR;
	if (k == NODE_PLAN)
		plan = *id;
	char action[48];
	/* One history row: the new node holds its values itself (a report
	 * is its own record), and a later change of any of them is a row of
	 * its own. The row names the node by its main text. */
	snprintf(action, sizeof action, "%s.create", info->code);
	const char *name = patch_get(p, "title", NULL);
	if (!name)
		name = patch_get(p, "text", NULL);
	if (!name)
		name = patch_get(p, "name", NULL);
	if (audit_field_in_tx(db, actor, action, info->code, *id, plan, NULL, NULL, name,
			      e) != OK)
		return ERR;
	if (after_write(db, k, *id, parent, e) != OK)
		return ERR;
	return touch_plan_after(db, k, plan, e);
}

int node_create_in_tx(struct db *db, enum node_kind k, int64_t parent,
		      int position, const struct patch *p, const char *actor,
		      int64_t *id, struct err *e)
{
	struct arena a = ARENA_INIT;
	int rc = create_row(db, k, parent, position, p, actor, id, &a, e);
	arena_release(&a);
	return rc;
}

int node_move_in_tx(struct db *db, enum node_kind k, int64_t id,
		    int64_t expected_version, int64_t new_parent, int position,
		    const char *actor, struct err *e)
{
	if (!ordered(k))
		return err_set(e, ERR_INPUT, NULL, _("This cannot be moved."));
	int64_t parent, from, plan, target_plan;
	if (place_of(db, k, id, &parent, &from, e) != OK ||
	    node_plan_of(db, k, id, &plan, e) != OK)
		return ERR;
	if (!new_parent)
		new_parent = parent;
	if (plan_for_parent(db, k, new_parent, &target_plan, e) != OK)
		return ERR;
	if (target_plan != plan)
		return err_set(e, ERR_INPUT, "parent",
			       _("It can only be moved within the same plan."));
	/* Take the node out of its place (position 0, which no sibling has),
	 * close the gap, open the new one and put it there. */
	char sql[200];
	snprintf(sql, sizeof sql,
		 "UPDATE %s SET position = :temp, version = version + 1"
		 " WHERE id = :id AND version = :version",
		 kinds[k].table);
	struct stmt *st = db_prepare_once(db, sql);
	stmt_bind_int(st, ":temp", 0); /* no shift makes 0, and none touches it */
	stmt_bind_int(st, ":id", id);
	stmt_bind_int(st, ":version", expected_version);
	if (stmt_run(st, e) != OK)
		return ERR;
	if (db_changes(db) != 1)
		return conflict(e, current_version(db, k, id), expected_version);
	int64_t n;
	if (shift(db, k, parent, from + 1, -1, e) != OK ||
	    count_children(db, k, new_parent, &n, e) != OK)
		return ERR;
	if (new_parent == parent)
		n--; /* the node itself, still counted under its parent */
	int64_t at = clamp_position(position, n);
	if (at <= n && shift(db, k, new_parent, at, +1, e) != OK)
		return ERR;
	snprintf(sql, sizeof sql, "UPDATE %s SET %s = :parent, position = :at WHERE id = :id",
		 kinds[k].table, kinds[k].parent_column);
	st = db_prepare_once(db, sql);
	stmt_bind_int(st, ":parent", new_parent);
	stmt_bind_int(st, ":at", at);
	stmt_bind_int(st, ":id", id);
	if (stmt_run(st, e) != OK)
		return ERR;
	char action[48], old[48], now[48];
	snprintf(action, sizeof action, "%s.move", kinds[k].code);
	if (new_parent != parent) {
		snprintf(old, sizeof old, "%lld", (long long)parent);
		snprintf(now, sizeof now, "%lld", (long long)new_parent);
		if (audit_field_in_tx(db, actor, action, kinds[k].code, id, plan, "parent",
				      old, now, e) != OK)
			return ERR;
	}
	snprintf(old, sizeof old, "%lld", (long long)from);
	snprintf(now, sizeof now, "%lld", (long long)at);
	if (audit_field_in_tx(db, actor, action, kinds[k].code, id, plan, "position", old, now,
			      e) != OK)
		return ERR;
	return node_touch_plan_in_tx(db, plan, e);
}

/* Writes the node's user-visible values to the history as deleted. */
static int record_deleted(struct db *db, enum node_kind k, int64_t id, int64_t plan,
			  const char *actor, struct err *e)
{
	const struct node_kind_info *info = &kinds[k];
	struct patch all = {0};
	for (size_t i = 0; i < info->nfields; i++)
		if (!(info->fields[i].flags & F_INTERNAL) || k == NODE_PLAN)
			patch_set(&all, info->fields[i].name, NULL);
	struct arena a = ARENA_INIT;
	const char *old[PATCH_MAX];
	int rc = read_old(db, &a, k, id, &all, old, e);
	char action[48];
	snprintf(action, sizeof action, "%s.delete", info->code);
	for (size_t i = 0; rc == OK && i < all.count; i++)
		if (old[i])
			rc = audit_field_in_tx(db, actor, action, info->code, id, plan,
					       all.items[i].field, old[i], NULL, e);
	arena_release(&a);
	return rc;
}

int node_delete_in_tx(struct db *db, enum node_kind k, int64_t id,
		      int64_t expected_version, const char *actor,
		      struct err *e)
{
	int64_t parent = 0, from = 0, plan;
	if (node_plan_of(db, k, id, &plan, e) != OK)
		return ERR;
	if (kinds[k].parent_column && place_of(db, k, id, &parent, &from, e) != OK)
		return ERR;
	if (record_deleted(db, k, id, plan, actor, e) != OK)
		return ERR;
	char sql[160];
	snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = :id AND version = :version",
		 kinds[k].table);
	struct stmt *st = db_prepare_once(db, sql);
	stmt_bind_int(st, ":id", id);
	stmt_bind_int(st, ":version", expected_version);
	if (stmt_run(st, e) != OK)
		return ERR;
	if (db_changes(db) != 1)
		return conflict(e, current_version(db, k, id), expected_version);
	if (ordered(k) && shift(db, k, parent, from + 1, -1, e) != OK)
		return ERR;
	if (k == NODE_REPORT && after_write(db, k, id, parent, e) != OK)
		return ERR;
	return k == NODE_PLAN ? OK : touch_plan_after(db, k, plan, e);
}

/* --- one transaction each --- */

static int finish(struct db *db, int rc, struct err *e)
{
	if (rc != OK) {
		db_rollback(db);
		return ERR;
	}
	return db_commit(db, e);
}

/* Checks a person's patch: no internal fields, derived values readable. */
static int check_strict(enum node_kind k, const struct patch *p, struct err *e)
{
	struct arena a = ARENA_INIT;
	struct patch full;
	int rc = patch_check(k, p, false, e) == OK ? derive(k, p, true, &a, &full, e) : ERR;
	arena_release(&a);
	return rc;
}

/* A person may name as the plan's adopter only an organisation its council
 * may name (a form's id is only a number). */
static int check_refs(struct db *db, enum node_kind k, int64_t id, const struct patch *p,
		      struct err *e)
{
	const char *by = k == NODE_PLAN ? patch_get(p, "adopted_by", NULL) : NULL;
	if (!by || !*by)
		return OK;
	struct stmt *st = db_prepare(db, "SELECT COALESCE(owner_org_id, 0) FROM plan WHERE id = :id");
	stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, e);
	int64_t owner = rc == DB_ROW ? col_int(st, 0) : 0;
	stmt_finish(st);
	if (rc == ERR)
		return ERR;
	int usable = org_usable_in(db, strtoll(by, NULL, 10), owner, e);
	if (usable == ERR)
		return ERR;
	return usable ? OK
		      : err_set(e, ERR_INPUT, "adopted_by",
				_("That organisation cannot be named in this plan."));
}

int node_update(struct db *db, enum node_kind k, int64_t id,
		int64_t expected_version, const struct patch *p,
		const char *actor, struct err *e)
{
	if (check_strict(k, p, e) != OK || db_begin(db, e) != OK)
		return ERR;
	if (check_refs(db, k, id, p, e) != OK) {
		db_rollback(db);
		return ERR;
	}
	return finish(db, node_update_in_tx(db, k, id, expected_version, p, actor, NULL, e), e);
}

int node_create(struct db *db, enum node_kind k, int64_t parent,
		int position, const struct patch *p, const char *actor,
		int64_t *id, struct err *e)
{
	if (check_strict(k, p, e) != OK || db_begin(db, e) != OK)
		return ERR;
	return finish(db, node_create_in_tx(db, k, parent, position, p, actor, id, e), e);
}

int node_move(struct db *db, enum node_kind k, int64_t id,
	      int64_t expected_version, int64_t new_parent, int position,
	      const char *actor, struct err *e)
{
	if (db_begin(db, e) != OK)
		return ERR;
	return finish(db, node_move_in_tx(db, k, id, expected_version, new_parent, position,
					  actor, e), e);
}

int node_delete(struct db *db, enum node_kind k, int64_t id,
		int64_t expected_version, const char *actor, struct err *e)
{
	if (db_begin(db, e) != OK)
		return ERR;
	return finish(db, node_delete_in_tx(db, k, id, expected_version, actor, e), e);
}
