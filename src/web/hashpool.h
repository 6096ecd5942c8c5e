/*
 * hashpool: password checks on threads of their own, so that sign-ins never
 * hold a web worker. A check costs 64 MiB and a core for ~50 ms (argon2id),
 * so there are few such threads (one, two from four cores on), running at a
 * lower priority than the workers, and a short queue of which one address
 * gets half the places at most: when there is no place, sign-in answers
 * 429 at once instead of waiting. A failed check is
 * answered late on purpose (the slowing of guesses) by a timer, not by a
 * sleeping thread.
 *
 * A job is started with hashpool_reserve (a place in the queue, or false)
 * then hashpool_submit; the pool calls job->wake exactly once, from one of
 * its threads, when the answer is ready, and never touches the job after.
 */
#ifndef SAMSPEL_WEB_HASHPOOL_H
#define SAMSPEL_WEB_HASHPOOL_H

#include <stdbool.h>
#include <time.h>

struct hashpool_job {
	/* Set by the caller; read-only for the pool until wake. */
	const char *hash;       /* the stored hash; NULL: a dummy one (an unknown
				 * login costs the same as a known one) */
	const char *password;
	const char *who;        /* the client's address: its places are few */
	long fail_delay_ms;     /* a failed check is answered this much later */
	void (*wake)(void *cls);
	void *cls;
	/* Set by the pool before wake. */
	bool checked;           /* false: the server stopped before the check */
	bool ok;                /* the password matches */
	/* The pool's own. */
	struct hashpool_job *next;
	struct timespec due;
};

/* Takes a place in the queue for the client who (its address), starting
 * the pool on first use. False when the queue is full, who has its share
 * of it (half) or the pool stopped: answer 429 with Retry-After. */
bool hashpool_reserve(const char *who);
/* True when the queue is full (or the pool stopped): a cheap look before
 * any other work; hashpool_reserve still decides. */
bool hashpool_busy(const char *who);
/* Queues job, which must have a place from hashpool_reserve(job->who) and
 * must live until its wake is called. */
void hashpool_submit(struct hashpool_job *job);
/* Gives back a place from hashpool_reserve that will not be used. */
void hashpool_unreserve(const char *who);
/* Seconds a refused sign-in should wait before trying again. */
int hashpool_retry_after(void);
/* Stops the pool: queued jobs are woken unchecked, delayed ones at once,
 * and it returns (within a few seconds at most) when every job has been
 * woken. Call before stopping the HTTP daemon (no connection may stay
 * suspended then). */
void hashpool_stop(void);

#endif
