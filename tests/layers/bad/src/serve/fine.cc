// clang-format off
// Fixture: serve on core is allowed.
#include "gpufleet/fleet.h"
#include "report/breakdown.h"
#include <httplib.h>
