// clang-format off
// Fixture: measure and serve are siblings; measure includes a private serve header and httplib.
#include "measure/child.h"
#include "serve/handlers.h"
#include <httplib.h>
