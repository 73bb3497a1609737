/* Paths as the text output shows them: under the working directory,
 * relative to it, as a compiler run there prints them. JSON, SARIF and
 * the IR keep them absolute; only what a person reads is shortened. */
#ifndef TVC_PATH_H
#define TVC_PATH_H

/* `path` itself, or its tail after "CWD/" when it lies under the working
 * directory. */
const char *tvc_path_shown(const char *path);
/* A copy of `text` (malloc'ed) with every absolute path under the working
 * directory shortened the same way: messages quote paths. */
char *tvc_path_shown_in(const char *text);

#endif
