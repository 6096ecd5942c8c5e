/* support.c: shared test helpers (see support.h). */
#include "support.h"
#include "base/err.h"
#include "db/db.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v && *v ? v : fallback;
}

const char *test_path(const char *relative)
{
	static char path[4096];
	snprintf(path, sizeof path, "%s/%s", env_or("SAMSPEL_ROOT", "."), relative);
	return path;
}

const char *test_seed(const char *name)
{
	static char path[4096];
	char fallback[4096];
	snprintf(fallback, sizeof fallback, "%s/../shared/seeds", env_or("SAMSPEL_ROOT", "."));
	snprintf(path, sizeof path, "%s/%s", env_or("SAMSPEL_SEEDS", fallback), name);
	return path;
}

const char *test_bin(void)
{
	return env_or("SAMSPEL_BIN", "build-test/samspel");
}

char *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *data = malloc(cap);
	size_t got;
	while ((got = fread(data + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n < 2) {
			cap *= 2;
			data = realloc(data, cap);
		}
	}
	fclose(f);
	data[n] = '\0';
	if (len)
		*len = n;
	return data;
}

char *test_tmpdir(void)
{
	char *dir = strdup("/tmp/samspel-test-XXXXXX");
	if (!mkdtemp(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}

void test_rmdir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p = test_join(dir, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			test_rmdir(p);
		else
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

char *test_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

int64_t test_query_int(struct db *db, const char *sql, int64_t id)
{
	struct err e = ERR_INIT;
	struct stmt *st = db_prepare_once(db, sql); /* sql may be a reused buffer */
	if (strstr(sql, ":id"))
		stmt_bind_int(st, ":id", id);
	int rc = stmt_step(st, &e);
	int64_t n = rc == DB_ROW ? col_int(st, 0) : -1;
	stmt_finish(st);
	return n;
}

/* Reads fd to its end into a malloc'd string. */
static char *slurp(int fd)
{
	size_t cap = 4096, n = 0;
	char *data = malloc(cap);
	ssize_t got;
	while ((got = read(fd, data + n, cap - n - 1)) > 0) {
		n += (size_t)got;
		if (cap - n < 2) {
			cap *= 2;
			data = realloc(data, cap);
		}
	}
	data[n] = '\0';
	return data;
}

int test_run(struct run *r, const char *stdin_text, ...)
{
	const char *args[64];
	int n = 0;
	va_list ap;
	va_start(ap, stdin_text);
	const char *a;
	while ((a = va_arg(ap, const char *)) && n < 63)
		args[n++] = a;
	va_end(ap);
	args[n] = NULL;
	return test_runv(r, stdin_text, args);
}

int test_runv(struct run *r, const char *stdin_text, const char *const *args)
{
	const char *argv[64];
	int argc = 0;
	argv[argc++] = test_bin();
	for (int i = 0; args[i] && argc < 63; i++)
		argv[argc++] = args[i];
	argv[argc] = NULL;
	char tmpl_out[] = "/tmp/samspel-out-XXXXXX", tmpl_err[] = "/tmp/samspel-err-XXXXXX";
	int out = mkstemp(tmpl_out), err = mkstemp(tmpl_err);
	int in[2];
	if (out < 0 || err < 0 || pipe(in) != 0)
		return -1;
	unlink(tmpl_out);
	unlink(tmpl_err);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out, 1);
		dup2(err, 2);
		close(in[1]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	if (stdin_text) {
		ssize_t w = write(in[1], stdin_text, strlen(stdin_text));
		(void)w;
	}
	close(in[1]);
	int status;
	waitpid(pid, &status, 0);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	lseek(out, 0, SEEK_SET);
	lseek(err, 0, SEEK_SET);
	r->out = slurp(out);
	r->err = slurp(err);
	close(out);
	close(err);
	return 0;
}

void test_run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

int test_server_start(struct server *s, const char *db, ...)
{
	const char *argv[64];
	int argc = 0;
	argv[argc++] = test_bin();
	argv[argc++] = "serve";
	argv[argc++] = "--db";
	argv[argc++] = db;
	argv[argc++] = "--listen";
	argv[argc++] = "127.0.0.1:0";
	va_list ap;
	va_start(ap, db);
	const char *a;
	while ((a = va_arg(ap, const char *)) && argc < 62)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;

	int out[2], err[2];
	if (pipe(out) != 0 || pipe(err) != 0)
		return -1;
	s->pid = fork();
	if (s->pid == 0) {
		/* The server ends with the test program, even when that one is
		 * killed or crashes, so no test leaves a server behind. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	s->err_fd = err[0];
	fcntl(s->err_fd, F_SETFL, O_NONBLOCK);
	/* Wait for "listening on http://127.0.0.1:PORT/". */
	char line[256];
	size_t n = 0;
	struct pollfd p = {out[0], POLLIN, 0};
	while (n < sizeof line - 1 && poll(&p, 1, 10000) > 0) {
		ssize_t got = read(out[0], line + n, 1);
		if (got <= 0)
			break;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	close(out[0]);
	const char *colon = strrchr(line, ':');
	if (strncmp(line, "listening on http://", 20) != 0 || !colon) {
		fprintf(stderr, "# server did not start: %s\n", line);
		test_server_stop(s);
		return -1;
	}
	s->port = atoi(colon + 1);
	snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
	return 0;
}

char *test_server_log(struct server *s)
{
	return slurp(s->err_fd);
}

void test_server_stop(struct server *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		int status;
		waitpid(s->pid, &status, 0);
		s->pid = 0;
	}
	if (s->err_fd > 0) {
		close(s->err_fd);
		s->err_fd = -1;
	}
}

struct sink {
	char *data;
	size_t len;
};

static size_t on_data(char *p, size_t size, size_t n, void *userdata)
{
	struct sink *s = userdata;
	size_t add = size * n;
	s->data = realloc(s->data, s->len + add + 1);
	memcpy(s->data + s->len, p, add);
	s->len += add;
	s->data[s->len] = '\0';
	return add;
}

int test_http(struct http *r, const char *method, const char *url,
	      const char *const *headers, const char *body, size_t body_len)
{
	memset(r, 0, sizeof *r);
	CURL *c = curl_easy_init();
	struct sink b = {calloc(1, 1), 0}, h = {calloc(1, 1), 0};
	struct curl_slist *list = NULL;
	for (size_t i = 0; headers && headers[i]; i++)
		list = curl_slist_append(list, headers[i]);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(list);
	curl_easy_cleanup(c);
	r->body = b.data;
	r->len = b.len;
	r->headers = h.data;
	return rc == CURLE_OK ? 0 : -1;
}

char *test_http_header(const struct http *r, const char *name)
{
	size_t n = strlen(name);
	char *value = NULL;
	for (const char *p = r->headers; p && *p;) {
		const char *eol = strstr(p, "\r\n");
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;
			while (*v == ' ')
				v++;
			free(value); /* the last one wins (after redirects) */
			value = strndup(v, len - (size_t)(v - p));
		}
		p += len + (eol ? 2 : 0);
	}
	return value;
}

char *test_http_cookie(const struct http *r, const char *name, char **line)
{
	size_t n = strlen(name);
	char *found = NULL;
	if (line)
		*line = NULL;
	for (const char *p = r->headers; p && *p;) {
		const char *eol = strstr(p, "\r\n");
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len > 12 && strncasecmp(p, "Set-Cookie: ", 12) == 0 &&
		    strncmp(p + 12, name, n) == 0 && p[12 + n] == '=') {
			const char *v = p + 12;
			size_t vlen = strcspn(v, ";\r\n");
			free(found);
			found = strndup(v, vlen);
			if (line) {
				free(*line);
				*line = strndup(v, len - 12);
			}
		}
		p += len + (eol ? 2 : 0);
	}
	return found;
}

void test_http_free(struct http *r)
{
	free(r->body);
	free(r->headers);
	memset(r, 0, sizeof *r);
}
