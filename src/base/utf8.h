/*
 * utf8: validation, decoding and the case-folded keys used to compare names
 * ("Sogn Regionråd" and "sogn  regionråd" are the same organisation).
 */
#ifndef SAMSPEL_BASE_UTF8_H
#define SAMSPEL_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* Length (1-4) of the valid UTF-8 sequence starting at s (n bytes left), or 0
 * when it is invalid (overlong, surrogate, above U+10FFFF, truncated). */
size_t utf8_seq_len(const char *s, size_t n);
/* Decodes the sequence at s into *cp; returns its length or 0 if invalid. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Appends code point cp as UTF-8. */
void utf8_encode(struct buf *b, uint32_t cp);
/* True when s[0..n) is valid UTF-8 without NUL bytes. */
bool utf8_valid(const char *s, size_t n);
/* Lower-cases one code point (ASCII and Latin-1, enough for nn/nb/en). */
uint32_t utf8_lower_cp(uint32_t cp);
/* True for the spaces people type: space, tab, NBSP, thin/narrow spaces. */
bool utf8_is_space_cp(uint32_t cp);
/* Appends the comparison key of s: lower-cased, dashes of every width made
 * "-", runs of spaces made one space, leading/trailing space dropped.
 * Invalid bytes are kept as they are. */
void utf8_fold(struct buf *out, const char *s, size_t n);
/* True when a and b have the same fold key. */
bool utf8_eq_fold(const char *a, const char *b);
/* Number of code points in s[0..n) (invalid bytes count one each). */
size_t utf8_count(const char *s, size_t n);

#endif
