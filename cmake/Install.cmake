# `cmake --install BUILD --prefix P` (docs/architecture.md, "Installing the C++ library"):
#   P/include/gpufleet/*.h                     the public headers
#   P/lib/libgpufleet_{core,measure,serve}.a   the layers (static, position independent)
#   P/bin/gpufleet                             the CLI
#   P/lib/cmake/gpufleet/gpufleetConfig.cmake  + gpufleetConfigVersion.cmake, gpufleetTargets.cmake
# A project then writes find_package(gpufleet 0.1 REQUIRED) and links gpufleet::core (the models,
# catalog, reports), gpufleet::measure (NVML, RAPL, the Meter) or gpufleet::serve (the JSON API,
# the HTTP server); examples/cpp/ is one, built by the `cpp_install` test (tests/install.cmake).
include(CMakePackageConfigHelpers)

set_target_properties(gpufleet_core PROPERTIES EXPORT_NAME core)
set_target_properties(gpufleet_measure PROPERTIES EXPORT_NAME measure)
set_target_properties(gpufleet_serve PROPERTIES EXPORT_NAME serve)

install(TARGETS gpufleet_core gpufleet_measure gpufleet_serve EXPORT gpufleetTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS gpufleet_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/gpufleet DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")

set(GPUFLEET_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/gpufleet)
install(EXPORT gpufleetTargets NAMESPACE gpufleet:: DESTINATION ${GPUFLEET_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/gpufleetConfig.cmake.in
  ${CMAKE_BINARY_DIR}/gpufleetConfig.cmake INSTALL_DESTINATION ${GPUFLEET_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/gpufleetConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/gpufleetConfig.cmake ${CMAKE_BINARY_DIR}/gpufleetConfigVersion.cmake
  DESTINATION ${GPUFLEET_CMAKE_DIR})
