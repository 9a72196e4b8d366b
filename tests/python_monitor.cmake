# pytest of gpufleet.Monitor and examples/python/train_loop.py on the fake NVML library
# (tests/python/test_monitor.py). Needs the Python module (python/CMakeLists.txt) and Debian's
# python3-pytest; skipped (exit 77) when pytest is missing.
if(TARGET gpufleet_python)
  add_test(NAME pytest_monitor
    COMMAND ${CMAKE_COMMAND} -E env
      PYTHONPATH=${GPUFLEET_PYTHON_MODULE_DIR}
      GPUFLEET_FAKE_NVML=$<TARGET_FILE_DIR:fake_nvml>/libnvidia-ml.so.1
      sh -c "${GPUFLEET_PYTHON_EXECUTABLE} -c 'import pytest' 2>/dev/null || exit 77; exec ${GPUFLEET_PYTHON_EXECUTABLE} -m pytest -q -p no:cacheprovider ${PROJECT_SOURCE_DIR}/tests/python/test_monitor.py")
  set_tests_properties(pytest_monitor PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77 LABELS no_asan)
  add_dependencies(gpufleet_tests gpufleet_python)
endif()
