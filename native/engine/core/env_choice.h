// An engine setting read from the environment that takes one of a few words.
#pragma once

#include <initializer_list>
#include <string>

namespace dn::engine {

// The value of environment variable `name` when it is one of `allowed`;
// `fallback` when it is unset or empty. Any other value is reported on stderr
// (naming the variable and the words it takes) and `fallback` is used, so a
// typo never stops the engine.
std::string EnvChoice(const char* name, std::initializer_list<const char*> allowed, const char* fallback);

}  // namespace dn::engine
