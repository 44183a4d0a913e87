// Minimal C++ unit test runner (ctest runs this binary). Each test file
// registers cases with DN_TEST; a failed check prints and marks the run failed.
#include "test/test_harness.h"

#include <cstdio>

namespace dn::test {

std::vector<Case>& Registry() {
  static std::vector<Case> cases;
  return cases;
}

int failures = 0;

}  // namespace dn::test

int main() {
  int failed_cases = 0;
  for (auto& c : dn::test::Registry()) {
    const int before = dn::test::failures;
    c.fn();
    const bool ok = dn::test::failures == before;
    if (!ok) ++failed_cases;
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", c.name);
  }
  std::printf("%zu cases, %d failed\n", dn::test::Registry().size(), failed_cases);
  return failed_cases == 0 ? 0 : 1;
}
