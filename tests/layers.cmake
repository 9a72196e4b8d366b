# The layering check (scripts/check_layers.py; docs/architecture.md, "Layers"): no lower layer
# includes a higher layer's headers, and core's archive and link line hold no HTTP or NVML code.
# A layering violation fails `make test`. layering_selftest proves the check can fail.
find_program(GPUFLEET_PYTHON3 NAMES python3 HINTS /usr/bin REQUIRED)
foreach(layer core measure serve)
  file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/layers/${layer}.links
    CONTENT "$<TARGET_PROPERTY:gpufleet_${layer},LINK_LIBRARIES>\n$<TARGET_PROPERTY:gpufleet_${layer},INTERFACE_LINK_LIBRARIES>\n")
endforeach()
add_test(NAME layering
  COMMAND ${GPUFLEET_PYTHON3} ${PROJECT_SOURCE_DIR}/scripts/check_layers.py
          --root ${PROJECT_SOURCE_DIR}
          --archive core=$<TARGET_FILE:gpufleet_core>
          --archive measure=$<TARGET_FILE:gpufleet_measure>
          --archive serve=$<TARGET_FILE:gpufleet_serve>
          --link-libraries core=${CMAKE_BINARY_DIR}/layers/core.links
          --link-libraries measure=${CMAKE_BINARY_DIR}/layers/measure.links
          --link-libraries serve=${CMAKE_BINARY_DIR}/layers/serve.links)

add_library(layering_bad_core STATIC ${PROJECT_SOURCE_DIR}/tests/layers/bad_core.cc)
add_test(NAME layering_selftest
  COMMAND ${GPUFLEET_PYTHON3} ${PROJECT_SOURCE_DIR}/tests/layers/selftest.py
          ${PROJECT_SOURCE_DIR}/scripts/check_layers.py ${PROJECT_SOURCE_DIR}/tests/layers/bad
          $<TARGET_FILE:layering_bad_core>)
# Source-level checks: once, in the plain build.
set_tests_properties(layering layering_selftest PROPERTIES LABELS no_asan TIMEOUT 60)
