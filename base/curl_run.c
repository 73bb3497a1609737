#include "config.h"

#include "base/curl_run.h"

/* Starts transfers until WINDOW are in flight or none is left. */
static void fill(const tvc_curl_run *r, CURLM *m, size_t *next, size_t *active)
{
    size_t window = r->window ? r->window : r->n;
    while (*next < r->n && *active < window) {
        if (r->start(r->ud, (*next)++, m) == 0)
            (*active)++;
    }
}

int tvc_curl_run_all(const tvc_curl_run *r, const char **err)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        *err = "libcurl cannot start (curl_global_init failed)";
        return -1;
    }
    CURLM *m = curl_multi_init();
    if (!m) {
        curl_global_cleanup();
        *err = "libcurl cannot start (curl_multi_init failed)";
        return -1;
    }
    size_t next = 0, active = 0;
    fill(r, m, &next, &active);
    while (active) {
        int running = 0;
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            /* msg belongs to libcurl: read it before the handle goes */
            CURL *h = msg->easy_handle;
            CURLcode rc = msg->data.result;
            r->done(r->ud, m, h, rc);
            active--;
        }
        fill(r, m, &next, &active);
        if (active)
            curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    curl_multi_cleanup(m);
    curl_global_cleanup();
    return 0;
}
