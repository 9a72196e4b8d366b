# Browser and front-end tests (node + playwright-core + Debian's Chromium). They exit 77, which
# ctest reports as skipped, when scripts/setup.sh has not installed web/node_modules or chromium.
find_program(GPUFLEET_NODE node)
if(GPUFLEET_NODE)
  add_test(NAME web_vendor_up_to_date
           COMMAND ${GPUFLEET_NODE} ${PROJECT_SOURCE_DIR}/tests/web/vendor_check.mjs)
  add_test(NAME web_dashboard_e2e
           COMMAND ${GPUFLEET_NODE} ${PROJECT_SOURCE_DIR}/tests/web/dashboard_e2e.mjs
                   $<TARGET_FILE:gpufleet_cli> ${CMAKE_BINARY_DIR}/test-artifacts)
  set_tests_properties(web_vendor_up_to_date web_dashboard_e2e PROPERTIES
                       SKIP_RETURN_CODE 77 TIMEOUT 120)
  set_tests_properties(web_dashboard_e2e PROPERTIES RUN_SERIAL TRUE)
endif()
if(GPUFLEET_NODE)
  add_test(NAME web_report_html_e2e
           COMMAND ${GPUFLEET_NODE} ${PROJECT_SOURCE_DIR}/tests/web/report_e2e.mjs
                   $<TARGET_FILE:gpufleet_cli> ${CMAKE_BINARY_DIR}/test-artifacts)
  set_tests_properties(web_report_html_e2e PROPERTIES
                       SKIP_RETURN_CODE 77 TIMEOUT 120 RUN_SERIAL TRUE)
endif()
if(GPUFLEET_NODE)
  add_test(NAME web_format_matches_cli
           COMMAND ${GPUFLEET_NODE} ${PROJECT_SOURCE_DIR}/tests/web/format_check.mjs
                   $<TARGET_FILE:gpufleet_cli>)
  set_tests_properties(web_format_matches_cli PROPERTIES TIMEOUT 120)
endif()
if(GPUFLEET_NODE)
  # Run once, in the plain build: the sanitizer build covers the same code through the unit tests.
  set_tests_properties(web_vendor_up_to_date web_dashboard_e2e web_report_html_e2e
                       web_format_matches_cli
                       PROPERTIES LABELS no_asan)
endif()
