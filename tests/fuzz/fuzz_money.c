/* Fuzz target: the money parser (base/money.c). */
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	free(text);
	return 0;
}
