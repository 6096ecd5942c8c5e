/*
 * log: one line per event on stderr in logfmt,
 *   time=2026-11-25T11:14:43.120Z level=info event=login user=kari ip=127.0.0.1
 * Values are quoted when they need it and control characters escaped, so a
 * line can never be split or forged by what a user typed. Never pass a
 * password or a token.
 */
#ifndef SAMSPEL_BASE_LOG_H
#define SAMSPEL_BASE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Logs event with key/value string pairs, terminated by a NULL key:
 *   log_event(LOG_INFO, "login", "user", login, "ip", ip, (char *)0);
 * A NULL value is written as an empty string. */
void log_event(enum log_level level, const char *event, ...)
	__attribute__((sentinel));
/* Lines below this level are not written (default LOG_INFO;
 * SAMSPEL_LOG=debug|info|warn|error in the environment sets it). */
void log_set_level(enum log_level level);
/* Parses "debug", "info", "warn", "error"; -1 if unknown. */
int log_parse_level(const char *name);

#endif
