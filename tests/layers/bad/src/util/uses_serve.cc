// clang-format off
// Fixture for the layering check's self-test: a core file that includes serve's header.
#include "gpufleet/interval.h"
#include "gpufleet/serve.h"
