/* Unit tests: splitting responsibility cells (formats/responsibility.c). */
#include "support.h"
#include "base/arena.h"
#include "formats/plantext.h"

#include <stdlib.h>
#include <string.h>

struct expect {
	bool responsible;
	const char *name;
	const char *note; /* NULL: none */
	int block;
};

static void check(const char *text, int blocks, const struct expect *want, size_t n)
{
	struct arena a = ARENA_INIT;
	resp_name_list got = {0};
	int b = responsibility_split(&a, text, &got);
	if (b != blocks)
		fail_msg("\"%s\": %d blocks, expected %d", text, b, blocks);
	if (got.count != n) {
		for (size_t i = 0; i < got.count; i++)
			print_message("# got %s [%s]\n", got.items[i].name,
				      got.items[i].responsible ? "R" : "P");
		fail_msg("\"%s\": %zu names, expected %zu", text, got.count, n);
	}
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(got.items[i].responsible, want[i].responsible);
		assert_string_equal(got.items[i].name, want[i].name);
		if (want[i].note)
			assert_string_equal(got.items[i].note, want[i].note);
		else
			assert_null(got.items[i].note);
		assert_int_equal(got.items[i].block, want[i].block);
	}
	arena_release(&a);
}

static void test_seed_cells(void **state)
{
	(void)state;
	check("Ansvar: SR Deltaking: Kommunane (HR-nettverket)", 1,
	      (struct expect[]){{true, "SR", NULL, 0}, {false, "Kommunane", "HR-nettverket", 0}}, 2);
	check("Ansvar: SR/styringsgruppa Sogn for alle Deltaking: Kommunane, næringsliv, frivillig sektor, andre samarbeidspartar",
	      1,
	      (struct expect[]){{true, "SR", NULL, 0},
				{true, "styringsgruppa Sogn for alle", NULL, 0},
				{false, "Kommunane", NULL, 0},
				{false, "næringsliv", NULL, 0},
				{false, "frivillig sektor", NULL, 0},
				{false, "andre samarbeidspartar", NULL, 0}},
	      6);
	check("Ansvar: SR og kommunane", 1,
	      (struct expect[]){{true, "SR", NULL, 0}, {true, "kommunane", NULL, 0}}, 2);
	check("Ansvar: Kompetanseforum Sogn (vidaregåande skular, næringa, kommunane, opplæringskontor, høgskule m.fl)",
	      1,
	      (struct expect[]){{true, "Kompetanseforum Sogn",
				 "vidaregåande skular, næringa, kommunane, opplæringskontor, høgskule m.fl", 0}},
	      1);
	check("Ansvar: SR Deltaking: SR, kommunane, andre regionar m.fl.", 1,
	      (struct expect[]){{true, "SR", NULL, 0}, {false, "SR", NULL, 0},
				{false, "kommunane", NULL, 0}, {false, "andre regionar", NULL, 0}},
	      4);
	check("Ansvar: SR Deltaking: Representantar frå kommunane og eksterne  Ansvar: SR Deltaking: SR",
	      2,
	      (struct expect[]){{true, "SR", NULL, 0},
				{false, "Representantar frå kommunane", NULL, 0},
				{false, "eksterne", NULL, 0},
				{true, "SR", NULL, 1},
				{false, "SR", NULL, 1}},
	      5);
	check("Ansvar: SR Deltaking: Samferdslegruppa i samarbeid med Visit Sognefjord", 1,
	      (struct expect[]){{true, "SR", NULL, 0}, {false, "Samferdslegruppa", NULL, 0},
				{false, "Visit Sognefjord", NULL, 0}},
	      3);
	/* "v/" names the contact or role, not a new organisation (issue 11,
	 * part 4); this seed cell was read as "Ressursgruppe v/ kommunane"
	 * before. */
	check("Ansvar: SR Deltaking: Ressursgruppe v/ kommunane og eksterne", 1,
	      (struct expect[]){{true, "SR", NULL, 0},
				{false, "Ressursgruppe", "v/ kommunane", 0},
				{false, "eksterne", NULL, 0}},
	      3);
	check("Ansvar: SR/programstyre Deltaking: Kommunane, Ungt Entreprenørskap, Statped, PPT, hvl, m.fl.",
	      1,
	      (struct expect[]){{true, "SR", NULL, 0}, {true, "programstyre", NULL, 0},
				{false, "Kommunane", NULL, 0}, {false, "Ungt Entreprenørskap", NULL, 0},
				{false, "Statped", NULL, 0}, {false, "PPT", NULL, 0},
				{false, "hvl", NULL, 0}},
	      7);
}

static void test_no_label(void **state)
{
	(void)state;
	check("Ansvar og deltaking blir avklart gjennom handsaming av sluttrapport /prosjektplan", 0, NULL, 0);
	check("", 0, NULL, 0);
	check("Kommunane", 0, NULL, 0);
}

static void test_variants(void **state)
{
	(void)state;
	check("ANSVAR : Luster kommune; Deltakarar: Sogndal kommune & Vik kommune", 1,
	      (struct expect[]){{true, "Luster kommune", NULL, 0},
				{false, "Sogndal kommune", NULL, 0},
				{false, "Vik kommune", NULL, 0}},
	      3);
	check("Deltaking: NHO", 1, (struct expect[]){{false, "NHO", NULL, 0}}, 1);
	check("Ansvarleg: (rådmannsgruppa) Vik", 1,
	      (struct expect[]){{true, "Vik", "rådmannsgruppa", 0}}, 1);
	check("Ansvar: (ukjent", 1, (struct expect[]){{true, "ukjent", NULL, 0}}, 1);
}

static void test_forms_of_real_plans(void **state)
{
	(void)state;
	check("Ansvar: Regionrådet v/dagleg leiar", 1,
	      (struct expect[]){{true, "Regionrådet", "v/dagleg leiar", 0}}, 1);
	check("Ansvar: Regionrådet v/ dagleg leiar", 1,
	      (struct expect[]){{true, "Regionrådet", "v/ dagleg leiar", 0}}, 1);
	check("Ansvar: Regionrådet v/dagleg leiar (Kari Nord)", 1,
	      (struct expect[]){{true, "Regionrådet", "v/dagleg leiar; Kari Nord", 0}}, 1);
	check("Ansvar: Kommunane (kontaktperson: Kari Nord)", 1,
	      (struct expect[]){{true, "Kommunane", "kontaktperson: Kari Nord", 0}}, 1);
	check("Ansvar: SR / rådmannsgruppa", 1,
	      (struct expect[]){{true, "SR", NULL, 0}, {true, "rådmannsgruppa", NULL, 0}}, 2);
	check("Ansvar: SR/rådmannsgruppa Deltaking: Alle kommunane", 1,
	      (struct expect[]){{true, "SR", NULL, 0}, {true, "rådmannsgruppa", NULL, 0},
				{false, "Alle kommunane", NULL, 0}},
	      3);
	check("Ansvar: Regionrådet v/dagleg leiar, NHO v/ regiondirektør Deltaking: Kommunane",
	      1,
	      (struct expect[]){{true, "Regionrådet", "v/dagleg leiar", 0},
				{true, "NHO", "v/ regiondirektør", 0},
				{false, "Kommunane", NULL, 0}},
	      3);
	/* Near misses: "v/" alone, at the start, or inside a word stays. */
	check("Ansvar: v/dagleg leiar", 1, (struct expect[]){{true, "v/dagleg leiar", NULL, 0}}, 1);
	check("Ansvar: Regionrådet v/", 1, (struct expect[]){{true, "Regionrådet v/", NULL, 0}}, 1);
	check("Ansvar: Nav/vegvesenet", 1,
	      (struct expect[]){{true, "Nav", NULL, 0}, {true, "vegvesenet", NULL, 0}}, 2);
	check("Ansvar: SR /rådmannsgruppa", 1,
	      (struct expect[]){{true, "SR /rådmannsgruppa", NULL, 0}}, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_cells),
		cmocka_unit_test(test_no_label),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_forms_of_real_plans),
	};
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
