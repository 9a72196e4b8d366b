# cmake --install into a temporary prefix, then examples/cpp (a project that
# find_package(gpufleet)s it) configured, built and run against it (tests/install/run.cmake).
# Plain build only: the sanitizer build's libraries need the sanitizer runtime in every user.
if(NOT GPUFLEET_SANITIZE AND NOT GPUFLEET_FUZZ)
  add_test(NAME cpp_install
    COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${CMAKE_BINARY_DIR} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
            -DWORK_DIR=${CMAKE_BINARY_DIR}/cpp_install_test -DGENERATOR=${CMAKE_GENERATOR}
            -P ${PROJECT_SOURCE_DIR}/tests/install/run.cmake)
  set_tests_properties(cpp_install PROPERTIES LABELS no_asan TIMEOUT 600)
endif()
