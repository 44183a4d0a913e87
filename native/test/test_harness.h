#pragma once

#include <cstdio>
#include <functional>
#include <vector>

namespace dn::test {

struct Case {
  const char* name;
  std::function<void()> fn;
};

std::vector<Case>& Registry();
extern int failures;

struct Registrar {
  Registrar(const char* name, std::function<void()> fn) { Registry().push_back({name, std::move(fn)}); }
};

}  // namespace dn::test

#define DN_CONCAT2(a, b) a##b
#define DN_CONCAT(a, b) DN_CONCAT2(a, b)
#define DN_TEST(name)                                                                          \
  static void DN_CONCAT(dn_test_, name)();                                                     \
  static dn::test::Registrar DN_CONCAT(dn_registrar_, name)(#name, DN_CONCAT(dn_test_, name)); \
  static void DN_CONCAT(dn_test_, name)()

#define DN_CHECK(cond)                                                         \
  do {                                                                         \
    if (!(cond)) {                                                             \
      std::printf("  check failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      ++dn::test::failures;                                                    \
    }                                                                          \
  } while (0)
