# gpufleet export against promtool and a real Prometheus server (Debian's prometheus package),
# both on loopback, on the fake NVML library.
add_test(NAME export_prometheus
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/export_prometheus.sh $<TARGET_FILE:gpufleet_cli>
          $<TARGET_FILE_DIR:fake_nvml>/libnvidia-ml.so.1)
set_tests_properties(export_prometheus PROPERTIES TIMEOUT 120)
# The sanitizer build (scripts/test-extra.sh) runs the same code paths through the unit tests.
set_tests_properties(export_prometheus PROPERTIES LABELS no_asan)
