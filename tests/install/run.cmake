# The cpp_install test (tests/install.cmake): install, build examples/cpp against the install,
# run it, check its output, and check that bad input exits with status 2.
# cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... [-DGENERATOR=Ninja] -P run.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(f include/gpufleet/fleet.h include/gpufleet/figure.h lib/libgpufleet_core.a
          lib/libgpufleet_measure.a lib/libgpufleet_serve.a bin/gpufleet
          lib/cmake/gpufleet/gpufleetConfig.cmake lib/cmake/gpufleet/gpufleetConfigVersion.cmake
          lib/cmake/gpufleet/gpufleetTargets.cmake)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "cmake --install did not install ${f}")
  endif()
endforeach()

if(NOT GENERATOR)
  set(GENERATOR Ninja)
endif()
# The example sees only the prefix: not the source tree, not the build tree.
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/cpp -B ${WORK_DIR}/example -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/example)

run(${WORK_DIR}/example/fleet_example h100-sxm 350k meta-fleet)
set(example "${out}")
message(STATUS "fleet_example:\n${example}")
foreach(line "energy_facility_kwh: [0-9.]+ TWh \\([0-9.]+-[0-9.]+\\)" "co2e_total_kg: [0-9.]+ [kM]t CO2e"
             "electricity_cost_usd: USD [0-9.]+ (M|bn)" "gpufleet 0\\.1\\.0")
  if(NOT example MATCHES "${line}")
    message(FATAL_ERROR "fleet_example output lacks /${line}/:\n${example}")
  endif()
endforeach()

# The same fleet through the installed CLI: the same energy figure.
run(${prefix}/bin/gpufleet fleet --gpu h100-sxm --count 350k --hours 8760 --site meta-fleet
    --format json)
string(JSON cli_energy GET "${out}" results energy_facility_kwh value)
string(SUBSTRING "${cli_energy}" 0 8 cli_prefix)
if(NOT example MATCHES "energy_facility_kwh value: ${cli_prefix}")
  message(FATAL_ERROR "the example's energy differs from the CLI's (${cli_energy}):\n${example}")
endif()

execute_process(COMMAND ${WORK_DIR}/example/fleet_example no-such-gpu RESULT_VARIABLE rc
                ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT rc EQUAL 2 OR NOT err MATCHES "no-such-gpu")
  message(FATAL_ERROR "bad GPU: want exit status 2 and a message naming it, got ${rc}: ${err}")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
message(STATUS "cpp_install: installed, built examples/cpp against it, ran it")
