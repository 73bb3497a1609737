/* Byte strings mapped to numbers: the SNI names of a site to the first
 * vhost that has them, and at start-up each distinct thing to load (a
 * certificate/key tuple named by several vhosts, a chain certificate, by
 * its DER, sent by every vhost of a CA). Not thread-safe: the caller
 * locks where threads share one. */
#ifndef TVC_RT_INTERN_H
#define TVC_RT_INTERN_H

#include <stddef.h>

typedef struct tvc_rt_intern tvc_rt_intern;

tvc_rt_intern *tvc_rt_intern_new(void);
/* The number `key` (len bytes) was added with; -1 when it is absent. */
long tvc_rt_intern_find(const tvc_rt_intern *t, const void *key, size_t len);
/* Adds `key` (copied) as number `id`; a key already there keeps the lower
 * of its number and `id` (the first vhost in config order wins). Returns
 * the number it has now, -1 when out of memory. */
long tvc_rt_intern_add(tvc_rt_intern *t, const void *key, size_t len, unsigned long id);
/* How many distinct keys it holds. */
size_t tvc_rt_intern_count(const tvc_rt_intern *t);
void tvc_rt_intern_free(tvc_rt_intern *t);

#endif
