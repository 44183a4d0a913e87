#include "engine/core/env_choice.h"

#include <cstdio>
#include <cstdlib>

namespace dn::engine {

std::string EnvChoice(const char* name, std::initializer_list<const char*> allowed, const char* fallback) {
  const char* value = std::getenv(name);
  if (!value || !*value) return fallback;
  std::string words;
  for (const char* word : allowed) {
    if (std::string(value) == word) return word;
    words += words.empty() ? "'" : ", '";
    words += word;
    words += "'";
  }
  std::fprintf(stderr, "daily-node-engine: %s='%s' is not one of %s; using '%s'\n", name, value, words.c_str(),
               fallback);
  return fallback;
}

}  // namespace dn::engine
