/* The name table of one address set: which vhost answers a name, by
 * httpd's rule "the first vhost in config order whose ServerName or
 * ServerAlias matches". Exact names and `*.domain` wildcards are hashed
 * (a lookup costs one probe per label of the name, whatever the number of
 * vhosts); only aliases with other glob characters are scanned. */
#ifndef TVC_RT_NAMES_H
#define TVC_RT_NAMES_H

typedef struct tvc_rt_names tvc_rt_names;

tvc_rt_names *tvc_rt_names_new(void);
/* `pos` is the vhost's place in the set; a name keeps its lowest. -1 on
 * allocation failure. A trailing ":port" (ServerName host:port) is
 * ignored, as httpd ignores it for name matching. */
int tvc_rt_names_add(tvc_rt_names *t, const char *pattern, unsigned pos);
/* The lowest pos matching `name` (case-insensitive), -1 for none. */
long tvc_rt_names_find(const tvc_rt_names *t, const char *name);
void tvc_rt_names_free(tvc_rt_names *t);

#endif
