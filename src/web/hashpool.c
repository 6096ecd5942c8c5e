/* hashpool.c: password checks off the web workers (see hashpool.h). */
#include "web/hashpool.h"
#include "base/err.h"
#include "base/log.h"
#include "base/secret.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define MAX_THREADS 2
/* Jobs waiting or being checked, per thread: with ~50 ms a check, the last
 * of them is answered within a second. */
#define QUEUE_PER_THREAD 16
/* One address gets half of the places at most: one client cannot take the
 * whole queue from everyone else (and one account's lock-out limit, 5 by
 * default, still fits in its share). */
#define PER_CLIENT (capacity / 2)
/* How long hashpool_stop waits for the last jobs at most (seconds). */
#define STOP_WAIT 10

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_cv, timer_cv, idle_cv; /* CLOCK_MONOTONIC */
static struct hashpool_job *queue_head, *queue_tail; /* to check, in order */
static struct hashpool_job *delayed;                 /* failed, by due time */
static int places;      /* reserved and not yet checked */
static int capacity;
static int outstanding; /* reserved and not yet woken */
static bool started, stopping;
static pthread_t hashers[MAX_THREADS], timer;
static int nhashers;
static bool timer_started;
static pthread_once_t start_once = PTHREAD_ONCE_INIT;
/* Who has places, and how many (under mu). */
static struct {
	char who[64];
	int n;
} holders[MAX_THREADS * QUEUE_PER_THREAD];

static char dummy_hash[SECRET_PWHASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	struct err e = ERR_INIT;
	if (secret_password_hash("not a password anyone has", dummy_hash, &e) != OK)
		dummy_hash[0] = '\0';
}

static void now_plus(struct timespec *t, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, t);
	t->tv_sec += ms / 1000;
	t->tv_nsec += (ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static bool due_now(const struct timespec *due)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > due->tv_sec ||
	       (now.tv_sec == due->tv_sec && now.tv_nsec >= due->tv_nsec);
}

/* The holder slot of who, or a free one (NULL when neither; under mu). */
static int holder(const char *who, bool add)
{
	int free_slot = -1;
	for (int i = 0; i < (int)(sizeof holders / sizeof holders[0]); i++) {
		if (holders[i].n && strcmp(holders[i].who, who) == 0)
			return i;
		if (!holders[i].n && free_slot < 0)
			free_slot = i;
	}
	if (add && free_slot >= 0)
		snprintf(holders[free_slot].who, sizeof holders[free_slot].who, "%s", who);
	return add ? free_slot : -1;
}

/* A place is given back (under mu). */
static void release(const char *who)
{
	places--;
	int i = holder(who, false);
	if (i >= 0)
		holders[i].n--;
}

/* Whether who may take a place now (under mu). */
static bool may_take(const char *who)
{
	if (!started || stopping || places >= capacity)
		return false;
	int i = holder(who, false);
	return i < 0 || holders[i].n < PER_CLIENT;
}

/* Hands the answer back (without the lock held: wake may take others'). */
static void deliver(struct hashpool_job *job)
{
	job->wake(job->cls); /* the job may be gone from here on */
	pthread_mutex_lock(&mu);
	outstanding--;
	pthread_cond_broadcast(&idle_cv);
	pthread_mutex_unlock(&mu);
}

static void *hasher(void *arg)
{
	(void)arg;
	/* Below the web workers: a page view goes first. */
	setpriority(PRIO_PROCESS, (id_t)gettid(), 10);
	pthread_once(&dummy_once, make_dummy);
	pthread_mutex_lock(&mu);
	for (;;) {
		while (!queue_head && !stopping)
			pthread_cond_wait(&work_cv, &mu);
		struct hashpool_job *job = queue_head;
		if (!job)
			break; /* stopping, nothing left */
		queue_head = job->next;
		if (!queue_head)
			queue_tail = NULL;
		if (stopping) {
			release(job->who);
			job->checked = false;
			pthread_mutex_unlock(&mu);
			deliver(job);
			pthread_mutex_lock(&mu);
			continue;
		}
		pthread_mutex_unlock(&mu);
		bool ok = secret_password_verify(job->hash ? job->hash : dummy_hash,
						 job->password);
		pthread_mutex_lock(&mu);
		release(job->who);
		job->checked = true;
		job->ok = ok;
		if (!ok && job->fail_delay_ms > 0 && !stopping) {
			now_plus(&job->due, job->fail_delay_ms);
			struct hashpool_job **p = &delayed;
			while (*p && !((*p)->due.tv_sec > job->due.tv_sec ||
				       ((*p)->due.tv_sec == job->due.tv_sec &&
					(*p)->due.tv_nsec > job->due.tv_nsec)))
				p = &(*p)->next;
			job->next = *p;
			*p = job;
			pthread_cond_signal(&timer_cv);
			continue;
		}
		pthread_mutex_unlock(&mu);
		deliver(job);
		pthread_mutex_lock(&mu);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

/* Wakes the failed checks when their delay is over (or at once on stop). */
static void *timekeeper(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	for (;;) {
		struct hashpool_job *job = delayed;
		if (!job) {
			if (stopping)
				break;
			pthread_cond_wait(&timer_cv, &mu);
			continue;
		}
		if (stopping || due_now(&job->due)) {
			delayed = job->next;
			pthread_mutex_unlock(&mu);
			deliver(job);
			pthread_mutex_lock(&mu);
			continue;
		}
		pthread_cond_timedwait(&timer_cv, &mu, &job->due);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

static void start(void)
{
	pthread_mutex_lock(&mu);
	bool stopped = stopping;
	pthread_mutex_unlock(&mu);
	if (stopped)
		return; /* stopped before it was ever used */
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&work_cv, &ca);
	pthread_cond_init(&timer_cv, &ca);
	pthread_cond_init(&idle_cv, &ca);
	pthread_condattr_destroy(&ca);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int want = cores >= 4 ? 2 : 1;
	pthread_mutex_lock(&mu);
	for (nhashers = 0; nhashers < want; nhashers++)
		if (pthread_create(&hashers[nhashers], NULL, hasher, NULL) != 0)
			break;
	timer_started = pthread_create(&timer, NULL, timekeeper, NULL) == 0;
	capacity = QUEUE_PER_THREAD * nhashers;
	started = nhashers > 0 && timer_started;
	if (!started) {
		log_event(LOG_ERROR, "hashpool_failed", "message",
			  "could not start the password threads", (char *)0);
		stopping = true; /* what did start ends */
		pthread_cond_broadcast(&work_cv);
		pthread_cond_broadcast(&timer_cv);
	}
	pthread_mutex_unlock(&mu);
}

bool hashpool_reserve(const char *who)
{
	pthread_once(&start_once, start);
	pthread_mutex_lock(&mu);
	bool ok = may_take(who);
	int i = ok ? holder(who, true) : -1;
	if (i >= 0) {
		holders[i].n++;
		places++;
		outstanding++;
	}
	ok = i >= 0;
	pthread_mutex_unlock(&mu);
	return ok;
}

bool hashpool_busy(const char *who)
{
	pthread_mutex_lock(&mu);
	bool busy = started && !may_take(who);
	pthread_mutex_unlock(&mu);
	return busy;
}

void hashpool_submit(struct hashpool_job *job)
{
	job->next = NULL;
	job->checked = job->ok = false;
	pthread_mutex_lock(&mu);
	if (stopping) {
		release(job->who);
		pthread_mutex_unlock(&mu);
		deliver(job);
		return;
	}
	if (queue_tail)
		queue_tail->next = job;
	else
		queue_head = job;
	queue_tail = job;
	pthread_cond_signal(&work_cv);
	pthread_mutex_unlock(&mu);
}

void hashpool_unreserve(const char *who)
{
	pthread_mutex_lock(&mu);
	release(who);
	outstanding--;
	pthread_cond_broadcast(&idle_cv);
	pthread_mutex_unlock(&mu);
}

int hashpool_retry_after(void)
{
	return 1;
}

void hashpool_stop(void)
{
	pthread_mutex_lock(&mu);
	if (!started && !nhashers && !timer_started) {
		stopping = true; /* a later reserve is refused */
		pthread_mutex_unlock(&mu);
		return;
	}
	stopping = true;
	pthread_cond_broadcast(&work_cv);
	pthread_cond_broadcast(&timer_cv);
	struct timespec until;
	now_plus(&until, STOP_WAIT * 1000L);
	while (outstanding > 0)
		if (pthread_cond_timedwait(&idle_cv, &mu, &until) == ETIMEDOUT)
			break;
	if (outstanding > 0)
		log_event(LOG_ERROR, "hashpool_stop", "message", "sign-ins still waiting",
			  (char *)0);
	pthread_mutex_unlock(&mu);
	for (int i = 0; i < nhashers; i++)
		pthread_join(hashers[i], NULL);
	if (timer_started)
		pthread_join(timer, NULL);
	nhashers = 0;
	timer_started = false;
}
