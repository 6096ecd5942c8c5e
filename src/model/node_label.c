/* node_label.c: the words for the node model's kinds, fields, codes and
 * history actions, in the reader's language (see node.h). Pages, feeds
 * and mails all say the same. */
#include "model/node.h"
#include "model/report.h"
#include "base/err.h"
#include "base/i18n.h"

#include <string.h>

const char *node_kind_label(enum node_kind k)
{
	switch (k) {
	case NODE_PLAN: return _("Plan");
	case NODE_AREA: return _("Area");
	case NODE_GOAL: return _("Goal");
	case NODE_FOCUS: return _("Focus");
	case NODE_STRATEGY: return _("Strategy");
	case NODE_MEASURE: return _("Measure");
	case NODE_BUDGET: return _("Budget line");
	case NODE_SECTION: return _("Section");
	case NODE_ENTRY: return _("Entry");
	case NODE_ORG: return _("Organisation");
	case NODE_REPORT: return _("Status report");
	case NODE_MANDATE: return _("Mandate point");
	case NODE_PERSON: return _("Person");
	case NODE_ROLE: return _("Role and duties");
	case NODE_PROGRAMME: return _("Programme");
	case NODE_PHASE: return _("Phase");
	case NODE_PROJECT: return _("Project");
	case NODE_PROJECT_ROLE: return _("Project organisation");
	case NODE_POINT: return _("Goal, theme or result");
	case NODE_GRANT: return _("Grant");
	case NODE_MEETING: return _("Meeting");
	case NODE_ITEM: return _("Agenda item");
	case NODE_DECISION: return _("Decision");
	case NODE_FOLLOWUP: return _("Follow-up point");
	case NODE_INDICATOR: return _("Indicator");
	case NODE_PROJECTION: return _("Projection");
	case NODE_VALUE: return _("Value");
	case NODE_PROJECT_REPORT: return _("Status report");
	case NODE_ROUND: return _("Reporting round");
	case NODE_DATE: return _("Date of the year");
	case NODE_KIND_COUNT: break;
	}
	return "";
}

const char *node_field_label(const char *field)
{
	static const struct {
		const char *field, *label;
	} labels[] = {
		{"title", N_("Title")}, {"kind", N_("Kind")}, {"year", N_("Year")},
		{"status", N_("Status")}, {"adopted_by", N_("Adopted by")},
		{"adopted_on", N_("Adopted on")}, {"values", N_("Values")},
		{"vision", N_("Vision")}, {"main_goal", N_("Main goal")},
		{"number", N_("Number")}, {"text", N_("Text")},
		{"period", N_("When (as written)")},
		{"responsibility", N_("Responsibility (as written in the plan)")},
		{"amount", N_("Amount (kr)")}, {"name", N_("Name")},
		{"reported_on", N_("Date")}, {"state", N_("State")},
		{"progress", N_("Progress (%)")}, {"spent", N_("Spent so far (kr)")},
		{"position", N_("Place")}, {"parent", N_("Under")},
		{"licence", N_("Licence (open data)")},
		{"group_kind", N_("Kind of group")}, {"reports_to", N_("Reports to")},
		{"reporting", N_("Reporting (how and how often)")},
		{"holder", N_("Who (group or organisation)")}, {"duties", N_("Duties (one per line)")},
		{"owner", N_("Owner")}, {"administrator", N_("Administered by")},
		{"purpose", N_("Purpose")}, {"phase", N_("Phase")},
		{"summary", N_("Summary")}, {"programme", N_("Programme")},
		{"region", N_("Region")}, {"population", N_("Population")},
		{"population_on", N_("Population counted on")}, {"area_km2", N_("Area (km²)")},
		{"frame", N_("Frame (kr)")}, {"ends", N_("To end (year)")},
		{"role", N_("Role")}, {"org", N_("Organisation")}, {"list", N_("List")},
		{"heading", N_("Heading")}, {"dated_on", N_("Dated")},
		{"funder", N_("Funder")}, {"decided_on", N_("Decided on")},
		{"reference", N_("Reference")}, {"date", N_("Date")}, {"place", N_("Place")},
		{"body", N_("The body that met")}, {"participants", N_("Participants")},
		{"responsible", N_("Responsible")},
		{"responsible_text", N_("Responsible (as written)")}, {"due", N_("Due")},
		{"done", N_("Done")}, {"unit", N_("Unit")}, {"source", N_("Source")},
		{"decimals", N_("Decimals")}, {"target", N_("Target")},
		{"target_period", N_("Target for (period)")}, {"value", N_("Value")},
		{"projection", N_("Projection (empty: observed)")}, {"project", N_("Project")},
		{"deadline", N_("Deadline")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(labels[i].field, field) == 0)
			return _(labels[i].label);
	return field;
}

const char *node_code_label(const char *field, const char *code)
{
	static const struct {
		const char *field, *code, *label;
	} labels[] = {
		{"kind", "regional", N_("Regional plan")}, {"kind", "action", N_("Action plan")},
		{"status", "draft", N_("Draft")}, {"status", "consultation", N_("Out for consultation")},
		{"status", "adopted", N_("Adopted")}, {"status", "archived", N_("Archived")},
		{"licence", "NLOD-2.0", N_("Norsk lisens for offentlige data (NLOD) 2.0")},
		{"licence", "CC-BY-4.0", N_("Creative Commons Navngivelse 4.0")},
		{"group_kind", "council", N_("The council")},
		{"group_kind", "executives", N_("Chief executives' group")},
		{"group_kind", "network", N_("Network")},
		{"group_kind", "working_group", N_("Working group")},
		{"group_kind", "steering_group", N_("Steering group")},
		{"group_kind", "reference_group", N_("Reference group")},
		{"group_kind", "project_group", N_("Project group")},
		{"group_kind", "other", N_("Other")},
		{"state", "planned", N_("Planned")}, {"state", "active", N_("Under way")},
		{"state", "completed", N_("Completed")}, {"state", "stopped", N_("Stopped")},
		{"role", "commissioner", N_("Commissioner")},
		{"role", "owner", N_("Project owner")}, {"role", "leader", N_("Project leader")},
		{"role", "steering_group", N_("Steering group")},
		{"role", "reference_group", N_("Reference group")},
		{"role", "working_group", N_("Working group")}, {"role", "operator", N_("Operator")},
		{"role", "applicant", N_("Applicant municipality")},
		{"role", "partner", N_("Partner municipality")},
		{"kind", "decision", N_("The plan is decided")},
		{"kind", "council", N_("Report to the council")}, {"kind", "other", N_("Other")},
		{"list", "goal", N_("Goal")}, {"list", "theme", N_("Theme")},
		{"list", "result", N_("Result")}, {"done", "0", N_("No")}, {"done", "1", N_("Yes")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(labels[i].field, field) == 0 && strcmp(labels[i].code, code) == 0)
			return _(labels[i].label);
	/* A status report's (and a measure's) state: codes of their own,
	 * never a project's. */
	enum report_state s;
	if (strcmp(field, "state") == 0 && report_state_parse(code, &s) == OK)
		return report_state_label(code);
	return code;
}

/* "measure.update" -> "Endra", ... */
const char *node_action_label(const char *action)
{
	const char *dot = strrchr(action, '.');
	const char *verb = dot ? dot + 1 : action;
	if (strcmp(verb, "create") == 0)
		return _("Added");
	if (strcmp(verb, "update") == 0)
		return _("Changed");
	if (strcmp(verb, "move") == 0)
		return _("Moved");
	if (strcmp(verb, "delete") == 0)
		return _("Deleted");
	if (strcmp(verb, "import") == 0)
		return _("Imported");
	if (strcmp(verb, "replace") == 0)
		return _("Imported again");
	if (strcmp(verb, "publish") == 0)
		return _("Published");
	if (strcmp(verb, "unpublish") == 0)
		return _("Unpublished");
	return verb;
}
