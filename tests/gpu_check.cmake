# scripts/gpu-check.sh exercised without a GPU (fake NVML, stand-in nvidia-smi and burn).
add_test(NAME gpu_check_selftest
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/gpu_check/selftest.sh $<TARGET_FILE:gpufleet_cli>
          $<TARGET_FILE_DIR:fake_nvml>/libnvidia-ml.so.1)
set_tests_properties(gpu_check_selftest PROPERTIES TIMEOUT 120)
set_tests_properties(gpu_check_selftest PROPERTIES LABELS no_asan)
