/*
 * i18n: the interface language. Strings are marked with _() in English and
 * translated through GNU gettext catalogs (po/nn.po, nb.po, en.po) compiled
 * with msgfmt and carried inside the binary. Nynorsk is the default.
 *
 * The language is per thread, so every web request speaks the language its
 * reader chose while the other worker threads speak theirs; libintl's
 * process-wide locale cannot do that, hence this small .mo reader.
 */
#ifndef SAMSPEL_BASE_I18N_H
#define SAMSPEL_BASE_I18N_H

enum lang { LANG_NN = 0, LANG_NB, LANG_EN, LANG_COUNT };

/* Sets the current thread's language. */
void i18n_set_lang(enum lang lang);
enum lang i18n_lang(void);
/* "nn", "nb", "en". */
const char *i18n_code(enum lang lang);
/* Parses a language code ("nn", "nb", "no", "en", "nn-NO", "en_GB.UTF-8");
 * returns 0 and sets *lang, or -1 when it is none of ours. */
int i18n_parse(const char *code, enum lang *lang);
/* Chooses the language from the environment (SAMSPEL_LANG, then LANGUAGE,
 * LC_ALL, LC_MESSAGES, LANG); Nynorsk when none names one of ours. */
enum lang i18n_from_env(void);

/* The translation of msgid in the thread's language; msgid itself when there
 * is none. The result lives as long as the program. */
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));
const char *i18n_ngettext(const char *singular, const char *plural,
			  unsigned long n)
	__attribute__((format_arg(1))) __attribute__((format_arg(2)));

#define _(s) i18n_gettext(s)
#define N_(s) (s)

#endif
