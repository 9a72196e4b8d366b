# Many processes with a real launcher: OpenMPI's mpirun starts 4 `gpufleet measure` processes on
# one node with the fake NVML library (4 fake GPUs); `gpufleet merge` must count each GPU once.
# Skipped (exit 77) only when mpirun is not installed.
add_test(NAME mpi_merge
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/mpi_merge.sh $<TARGET_FILE:gpufleet_cli>
          $<TARGET_FILE_DIR:fake_nvml>/libnvidia-ml.so.1)
set_tests_properties(mpi_merge PROPERTIES TIMEOUT 180 SKIP_RETURN_CODE 77)
