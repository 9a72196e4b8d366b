// Planted violation: the CLI includes the Python module's header (python and cli are
// siblings).

#include "python/bind.h"
