/* Fuzz target: the money parser (base/money.c). */
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A phrase that parsed is consistent, and reads back the same when
 * printed. */
static void check_phrase(const char *text)
{
	struct money_phrase p, back;
	struct err e = ERR_INIT;
	if (money_parse_phrase(text, &p, &e) != OK) {
		if (p.has_amount || p.amount || p.qualifier != MQ_EXACT || !e.msg[0])
			abort();
		return;
	}
	if (money_qualifier_wordy(p.qualifier) && (p.has_amount || p.per_year))
		abort();
	if (!p.has_amount && (p.amount || (p.qualifier != MQ_EXACT &&
					   !money_qualifier_wordy(p.qualifier))))
		abort();
	if (p.amount > MONEY_MAX || p.amount < -MONEY_MAX)
		abort();
	struct buf b = BUF_INIT;
	money_phrase_format(&b, &p);
	if (money_parse_phrase(b.data, &back, &e) != OK || back.amount != p.amount ||
	    back.has_amount != p.has_amount || back.qualifier != p.qualifier ||
	    back.per_year != p.per_year)
		abort();
	buf_release(&b);
	enum money_qualifier q;
	if (money_qualifier_parse(money_qualifier_code(p.qualifier), &q) != OK ||
	    q != p.qualifier)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	int64_t amount;
	bool none;
	struct err e = ERR_INIT;
	if (money_parse(text, &amount, &none, &e) == OK && !none) {
		if (amount > MONEY_MAX || amount < -MONEY_MAX)
			abort();
		/* What we print we read back as the same number. */
		struct buf b = BUF_INIT;
		money_format(&b, amount);
		int64_t back;
		bool back_none;
		if (money_parse(b.data, &back, &back_none, &e) != OK || back != amount)
			abort();
		buf_release(&b);
	}
	check_phrase(text);
	free(text);
	return 0;
}
