# The Python module's tests (python/, docs/python.md), in the plain build only (python/ is not
# built with the sanitizers): the pytest suite tests/python/ with Debian's python3-pytest and the
# built module on PYTHONPATH, and the README's `pip install .` into a temporary venv.
if(TARGET gpufleet_python)
  add_test(NAME python_api
    COMMAND ${GPUFLEET_PYTHON_EXECUTABLE} -m pytest -q -p no:cacheprovider
            ${PROJECT_SOURCE_DIR}/tests/python)
  set_tests_properties(python_api PROPERTIES LABELS "python;no_asan" TIMEOUT 900
    ENVIRONMENT "PYTHONPATH=${GPUFLEET_PYTHON_MODULE_DIR};GPUFLEET_CLI=$<TARGET_FILE:gpufleet_cli>;GPUFLEET_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  add_test(NAME python_pip_install
    COMMAND bash ${PROJECT_SOURCE_DIR}/tests/python/pip_install.sh ${PROJECT_SOURCE_DIR}
            ${CMAKE_BINARY_DIR} ${GPUFLEET_PYTHON_EXECUTABLE})
  set_tests_properties(python_pip_install PROPERTIES LABELS "python;no_asan" TIMEOUT 600)
endif()
