// Bad request parameters. Thrown by ParamReader inside the engine and turned
// into an error response by the router; it never leaves the process.
#pragma once

#include <stdexcept>
#include <string>

namespace dn::engine {

class ParamError : public std::runtime_error {
 public:
  ParamError(std::string field, const std::string& reason)
      : std::runtime_error(field.empty() ? reason : field + ": " + reason), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// An operation that is valid in form but cannot be done now (unknown id, wrong state).
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace dn::engine
