# The fake NVML library (tests/fake_nvml/): a libnvidia-ml.so.1 stand-in driven by a script, so
# that every GPU path is tested on machines without a GPU. Tests find it through
# GPUFLEET_FAKE_NVML (its path) and load it with --nvml-lib / GPUFLEET_NVML_LIB.
add_library(fake_nvml SHARED ${PROJECT_SOURCE_DIR}/tests/fake_nvml/fake_nvml.cc)
target_include_directories(fake_nvml PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(fake_nvml PRIVATE Threads::Threads)
set_target_properties(fake_nvml PROPERTIES OUTPUT_NAME nvidia-ml SOVERSION 1
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fake_nvml)
target_compile_definitions(gpufleet_tests PRIVATE
  GPUFLEET_FAKE_NVML="$<TARGET_FILE_DIR:fake_nvml>/libnvidia-ml.so.1")
add_dependencies(gpufleet_tests fake_nvml)
