// clang-format off
// Fixture: a core public header that includes measure's public header.
#pragma once
#include "gpufleet/measure.h"
