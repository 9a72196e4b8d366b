// The environment the two bad-input suites give the CLI they spawn (bad_input_test.cc,
// bad_input_independent_test.cc): this process's, with LeakSanitizer off in the child.
//
// Why: under the sanitizers the two suites start the CLI about 1,800 times, and the leak check
// at each exit was about a quarter of the suites' time (127 s against 92 s run alone). What it
// checked stays checked elsewhere: the same parsers and models run in-process under
// LeakSanitizer through the unit and API tests (bad inputs included, the leak check at the test
// process's exit), and the CLI's own code through the end-to-end tests that start it with the
// leak check on (tests/cli_*_test.cc, bad inputs included). A child with AddressSanitizer and
// UndefinedBehaviorSanitizer still fails its case on any other error (abort_on_error).
#pragma once

#include <unistd.h>

#include <string>
#include <vector>

namespace gpufleet::testing {

class SpawnEnvironment {
 public:
  SpawnEnvironment() {
    bool asan = false;
    for (char** e = environ; *e != nullptr; ++e) {
      std::string v = *e;
      if (v.rfind("ASAN_OPTIONS=", 0) == 0) {
        v += ":detect_leaks=0";  // a later option overrides an earlier one
        asan = true;
      }
      storage_.push_back(std::move(v));
    }
    if (!asan) storage_.push_back("ASAN_OPTIONS=detect_leaks=0");
    for (std::string& s : storage_) pointers_.push_back(s.data());
    pointers_.push_back(nullptr);
  }
  char* const* get() { return pointers_.data(); }

 private:
  std::vector<std::string> storage_;
  std::vector<char*> pointers_;
};

}  // namespace gpufleet::testing
