// Fine: python/ may include every layer below it.
#include "gpufleet/fleet.h"
#include "serve/handlers.h"
#include <pybind11/pybind11.h>
