/*
 * xlsx_file: a libxlsxwriter workbook written into a private temporary
 * folder under $TMPDIR (or /tmp) and read back into memory, then both
 * removed: libxlsxwriter writes only to a file. For xlsx.c (the plan) and
 * round_sheet.c (a round's sheet to fill in).
 */
#ifndef SAMSPEL_FORMATS_XLSX_FILE_H
#define SAMSPEL_FORMATS_XLSX_FILE_H

#include <xlsxwriter.h>

struct buf;
struct err;

struct xlsx_file {
	char dir[4096], path[4200];
	lxw_workbook *wb; /* the caller's to fill between open and close */
};

/* Makes the folder and the workbook; ERR (nothing left behind) when it
 * cannot. */
int xlsx_file_open(struct xlsx_file *f, struct err *e);
/* Closes the workbook, appends its bytes to out unless pending (the first
 * error the caller met while filling it) or the close failed, and removes
 * the file and the folder. */
int xlsx_file_close(struct xlsx_file *f, lxw_error pending, struct buf *out, struct err *e);

/* Keeps the first error of a run of libxlsxwriter calls in *first. */
static inline void xlsx_keep_error(lxw_error *first, lxw_error rc)
{
	if (rc != LXW_NO_ERROR && *first == LXW_NO_ERROR)
		*first = rc;
}

#endif
