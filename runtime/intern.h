/* Byte strings mapped to small numbers, for loading each distinct thing
 * once: a certificate/key tuple named by several vhosts, a chain
 * certificate (its DER) sent by every vhost of a CA. Not thread-safe: the
 * caller locks where threads share one. */
#ifndef TVC_RT_INTERN_H
#define TVC_RT_INTERN_H

#include <stddef.h>

typedef struct tvc_rt_intern tvc_rt_intern;

tvc_rt_intern *tvc_rt_intern_new(void);
/* The number `key` (len bytes) was added with; -1 when it is absent. */
long tvc_rt_intern_find(const tvc_rt_intern *t, const void *key, size_t len);
/* Adds `key` (copied) as number `id`, unless present: returns the number
 * it has, which is `id` when it was added; -1 when out of memory. */
long tvc_rt_intern_add(tvc_rt_intern *t, const void *key, size_t len, unsigned long id);
void tvc_rt_intern_free(tvc_rt_intern *t);

#endif
