/*
 * jsonstat: a JSON-stat 2.0 dataset into series (jsonstat.h).
 *
 * The cube is the dimensions in the order of "id", their sizes in "size",
 * and the values in row-major order (the last dimension varies fastest).
 * A series fixes every dimension but time; its points walk time.
 */
#include "formats/jsonstat.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DIMS_MAX 32

struct dim {
	const char *id;
	size_t size, stride;
	const char **ids;    /* category ids in position order */
	const char **labels; /* their labels */
	json_t *unit;        /* category.unit, or NULL */
};

struct cube {
	struct arena *a;
	struct dim d[DIMS_MAX];
	size_t n, cells, time;
	json_t *root;
};

static int bad(struct err *e, const char *what)
{
	return err_set(e, ERR_INPUT, "file", _("Not a JSON-stat 2.0 dataset: %s."), what);
}

static const char *str_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

/* The category ids of dimension d in position order, from category.index
 * (an array, or an object of positions) or, with one category, its label. */
static int read_categories(struct cube *C, struct dim *d, json_t *dim, struct err *e)
{
	json_t *cat = json_object_get(dim, "category");
	if (!json_is_object(cat))
		return err_set(e, ERR_INPUT, "file",
			       _("Not a JSON-stat 2.0 dataset: dimension \"%s\" has no category."), d->id);
	json_t *index = json_object_get(cat, "index"), *label = json_object_get(cat, "label");
	d->ids = arena_array(C->a, d->size, sizeof *d->ids);
	d->labels = arena_array(C->a, d->size, sizeof *d->labels);
	if (json_is_array(index)) {
		if (json_array_size(index) != d->size)
			goto wrong_size;
		for (size_t i = 0; i < d->size; i++) {
			json_t *v = json_array_get(index, i);
			if (!json_is_string(v))
				return bad(e, _("a category index holds something other than ids"));
			d->ids[i] = arena_strdup(C->a, json_string_value(v));
		}
	} else {
		json_t *from = json_is_object(index) ? index : label;
		if (!json_is_object(from) || json_object_size(from) != d->size)
			goto wrong_size;
		const char *key;
		json_t *v;
		size_t i = 0;
		json_object_foreach(from, key, v) {
			json_int_t pos = from == index ? (json_is_integer(v) ? json_integer_value(v) : -1)
						       : (json_int_t)i;
			if (pos < 0 || (size_t)pos >= d->size || d->ids[pos])
				return bad(e, _("a category index has a position out of range or twice"));
			d->ids[pos] = arena_strdup(C->a, key);
			i++;
		}
	}
	for (size_t i = 0; i < d->size; i++) {
		const char *l = json_is_object(label) ? str_of(label, d->ids[i]) : NULL;
		d->labels[i] = l ? arena_strdup(C->a, l) : d->ids[i];
	}
	d->unit = json_object_get(cat, "unit");
	return OK;
wrong_size:
	return err_set(e, ERR_INPUT, "file",
		       _("Not a JSON-stat 2.0 dataset: dimension \"%s\" does not have the %zu categories its size says."),
		       d->id, d->size);
}

/* "id", "size" and "dimension" into C->d, with strides and the cell count. */
static int read_dims(struct cube *C, struct err *e)
{
	json_t *ids = json_object_get(C->root, "id"), *sizes = json_object_get(C->root, "size");
	json_t *dims = json_object_get(C->root, "dimension");
	if (!json_is_array(ids) || !json_is_array(sizes) || !json_is_object(dims))
		return bad(e, _("\"id\", \"size\" or \"dimension\" is missing"));
	C->n = json_array_size(ids);
	if (C->n == 0 || C->n > DIMS_MAX || json_array_size(sizes) != C->n)
		return bad(e, _("\"id\" and \"size\" do not match"));
	C->cells = 1;
	for (size_t i = 0; i < C->n; i++) {
		json_t *id = json_array_get(ids, i), *size = json_array_get(sizes, i);
		if (!json_is_string(id) || !json_is_integer(size) || json_integer_value(size) < 1)
			return bad(e, _("\"id\" and \"size\" do not match"));
		C->d[i].id = arena_strdup(C->a, json_string_value(id));
		C->d[i].size = (size_t)json_integer_value(size);
		if (C->d[i].size > JSONSTAT_CELLS_MAX || C->cells * C->d[i].size > JSONSTAT_CELLS_MAX)
			return err_set(e, ERR_INPUT, "file",
				       _("The dataset has more than %d cells."), JSONSTAT_CELLS_MAX);
		C->cells *= C->d[i].size;
	}
	size_t stride = 1;
	for (size_t i = C->n; i-- > 0;) {
		C->d[i].stride = stride;
		stride *= C->d[i].size;
	}
	for (size_t i = 0; i < C->n; i++) {
		json_t *dim = json_object_get(dims, C->d[i].id);
		if (!json_is_object(dim))
			return err_set(e, ERR_INPUT, "file",
				       _("Not a JSON-stat 2.0 dataset: dimension \"%s\" is not described."),
				       C->d[i].id);
		if (read_categories(C, &C->d[i], dim, e) != OK)
			return ERR;
	}
	return OK;
}

/* The position in C->d of the dimension with id, or C->n. */
static size_t dim_named(const struct cube *C, const char *id)
{
	for (size_t i = 0; id && i < C->n; i++)
		if (strcmp(C->d[i].id, id) == 0)
			return i;
	return C->n;
}

/* The first id listed under role.<role>, or NULL. */
static const char *role_of(const struct cube *C, const char *role)
{
	json_t *list = json_object_get(json_object_get(C->root, "role"), role);
	json_t *first = json_is_array(list) ? json_array_get(list, 0) : NULL;
	return json_is_string(first) ? json_string_value(first) : NULL;
}

static size_t find_time(const struct cube *C)
{
	size_t t = dim_named(C, role_of(C, "time"));
	static const char *const usual[] = {"Tid", "time", "year"};
	for (size_t i = 0; t == C->n && i < sizeof usual / sizeof *usual; i++)
		t = dim_named(C, usual[i]);
	return t < C->n ? t : C->n - 1;
}

/* Cell i's value and status into p. The values are an array of numbers and
 * nulls, or an object of them keyed by the cell's position. */
static int read_cell(struct cube *C, size_t i, struct jsonstat_point *p, struct err *e)
{
	json_t *values = json_object_get(C->root, "value"), *v;
	char key[24];
	snprintf(key, sizeof key, "%zu", i);
	v = json_is_array(values) ? json_array_get(values, i) : json_object_get(values, key);
	if (v && !json_is_null(v)) {
		if (!json_is_number(v))
			return err_set(e, ERR_INPUT, "file",
				       _("Not a JSON-stat 2.0 dataset: value %zu is not a number."), i);
		p->value = json_number_value(v);
		p->has_value = true;
	}
	json_t *status = json_object_get(C->root, "status"), *s = NULL;
	if (json_is_string(status))
		s = status;
	else if (json_is_array(status))
		s = json_array_get(status, json_array_size(status) == 1 ? 0 : i);
	else if (json_is_object(status))
		s = json_object_get(status, key);
	p->status = json_is_string(s) ? arena_strdup(C->a, json_string_value(s)) : NULL;
	return OK;
}

/* The unit of the series at coords: from the metric dimension (role.metric,
 * else the first dimension whose categories carry units). */
static void unit_of(const struct cube *C, const size_t *coord, struct jsonstat_series *s)
{
	size_t m = dim_named(C, role_of(C, "metric"));
	for (size_t i = 0; m == C->n && i < C->n; i++)
		if (json_is_object(C->d[i].unit))
			m = i;
	if (m == C->n || m == C->time)
		return;
	json_t *u = json_object_get(C->d[m].unit, C->d[m].ids[coord[m]]);
	s->unit = dup_or_null(C->a, str_of(u, "label"));
	json_t *dec = json_object_get(u, "decimals");
	s->decimals = json_is_integer(dec) && json_integer_value(dec) >= 0 &&
				      json_integer_value(dec) <= 15
			      ? (int)json_integer_value(dec)
			      : 0;
}

/* Series number k: its coordinates (mixed radix over the dimensions that
 * are not time), key, label, unit and points. */
static int read_series(struct cube *C, size_t k, struct jsonstat_series *s, struct err *e)
{
	size_t coord[DIMS_MAX] = {0};
	for (size_t i = C->n; i-- > 0;) {
		if (i == C->time)
			continue;
		coord[i] = k % C->d[i].size;
		k /= C->d[i].size;
	}
	struct buf key = BUF_INIT, label = BUF_INIT;
	size_t base = 0;
	for (size_t i = 0; i < C->n; i++) {
		if (i == C->time)
			continue;
		buf_addf(&key, "%s%s", key.len ? "," : "", C->d[i].ids[coord[i]]);
		buf_addf(&label, "%s%s", label.len ? ", " : "", C->d[i].labels[coord[i]]);
		base += coord[i] * C->d[i].stride;
	}
	s->key = arena_strdup(C->a, key.len ? key.data : "");
	s->label = arena_strdup(C->a, label.len ? label.data : "");
	buf_release(&key);
	buf_release(&label);
	unit_of(C, coord, s);
	const struct dim *t = &C->d[C->time];
	s->npoints = t->size;
	s->points = arena_array(C->a, t->size, sizeof *s->points);
	for (size_t j = 0; j < t->size; j++) {
		s->points[j].period = t->ids[j];
		s->points[j].label = t->labels[j];
		if (read_cell(C, base + j * t->stride, &s->points[j], e) != OK)
			return ERR;
	}
	return OK;
}

/* The value member: an array as long as the cube, or an object. */
static int check_values(const struct cube *C, struct err *e)
{
	json_t *values = json_object_get(C->root, "value");
	if (json_is_array(values) && json_array_size(values) == C->cells)
		return OK;
	if (json_is_object(values))
		return OK;
	return err_set(e, ERR_INPUT, "file",
		       _("Not a JSON-stat 2.0 dataset: \"value\" should hold %zu cells (the product of \"size\")."),
		       C->cells);
}

static int read_cube(struct cube *C, struct jsonstat *out, struct err *e)
{
	if (!json_is_object(C->root))
		return bad(e, _("it is not a JSON object"));
	const char *class = str_of(C->root, "class"), *version = str_of(C->root, "version");
	if (!class && json_is_object(json_object_get(C->root, "dataset")))
		return err_set(e, ERR_INPUT, "file",
			       _("This is JSON-stat version 1; ask the statistics service for JSON-stat 2.0 (at SSB: format json-stat2)."));
	if (!class || strcmp(class, "dataset") != 0)
		return bad(e, _("its class is not \"dataset\""));
	if (!version || strncmp(version, "2.", 2) != 0)
		return bad(e, _("its version is not 2.0"));
	if (read_dims(C, e) != OK || check_values(C, e) != OK)
		return ERR;
	C->time = find_time(C);
	out->label = dup_or_null(C->a, str_of(C->root, "label"));
	out->source = dup_or_null(C->a, str_of(C->root, "source"));
	out->updated = dup_or_null(C->a, str_of(C->root, "updated"));
	out->time = C->d[C->time].id;
	out->nseries = C->cells / C->d[C->time].size;
	out->series = arena_array(C->a, out->nseries, sizeof *out->series);
	for (size_t k = 0; k < out->nseries; k++)
		if (read_series(C, k, &out->series[k], e) != OK)
			return ERR;
	return OK;
}

int jsonstat_parse(struct arena *a, const char *text, size_t len, struct jsonstat **out,
		   struct err *e)
{
	*out = NULL;
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return err_set(e, ERR_INPUT, "file", _("Not valid JSON (line %d, column %d): %s"),
			       je.line, je.column, je.text);
	struct cube C = {.a = a, .root = root};
	struct jsonstat *d = arena_alloc(a, sizeof *d);
	int rc = read_cube(&C, d, e);
	json_decref(root);
	if (rc == OK)
		*out = d;
	return rc;
}

const struct jsonstat_series *jsonstat_find(const struct jsonstat *d, const char *key)
{
	for (size_t i = 0; i < d->nseries; i++)
		if (strcmp(d->series[i].key, key) == 0)
			return &d->series[i];
	return NULL;
}
