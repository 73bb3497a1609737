#include "policy/gnutls_suites.h"
