// Typed access to a request's "data" object with errors that name the field.
// The generated param structs (generated/engine_params.h) read through it, and
// the range checks below apply to the numbers they hold.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/channel/param_error.h"

namespace dn::engine {

class ParamReader {
 public:
  explicit ParamReader(const nlohmann::json& data, std::string prefix = "");

  std::string String(const char* key) const;
  std::optional<std::string> OptString(const char* key) const;
  int64_t Int(const char* key, int64_t min, int64_t max) const;
  std::optional<int64_t> OptInt(const char* key, int64_t min, int64_t max) const;
  double Number(const char* key, double min, double max) const;
  std::optional<double> OptNumber(const char* key, double min, double max) const;
  double Number(const char* key) const;
  std::optional<double> OptNumber(const char* key) const;
  bool Bool(const char* key) const;
  std::optional<bool> OptBool(const char* key) const;
  // With `what` ("color format"), a refusal reads "invalid color format 'x' (one of ...)".
  std::string OneOf(const char* key, const std::vector<std::string>& allowed, const char* what = nullptr) const;
  std::optional<std::string> OptOneOf(const char* key, const std::vector<std::string>& allowed,
                                      const char* what = nullptr) const;
  std::vector<std::string> Strings(const char* key) const;
  std::optional<std::vector<std::string>> OptStrings(const char* key) const;
  // The value as it is (null when absent).
  nlohmann::json Any(const char* key) const;
  nlohmann::json ObjectJson(const char* key) const { return Object(key).raw(); }
  std::optional<nlohmann::json> OptObjectJson(const char* key) const;
  nlohmann::json ArrayJson(const char* key) const { return Array(key); }
  std::optional<nlohmann::json> OptArrayJson(const char* key) const;
  ParamReader Object(const char* key) const;
  std::optional<ParamReader> OptObject(const char* key) const;
  const nlohmann::json& Array(const char* key) const;
  const nlohmann::json* OptArray(const char* key) const;
  bool Has(const char* key) const;
  const nlohmann::json& raw() const { return data_; }
  std::string FieldName(const char* key) const { return prefix_ + key; }

 private:
  const nlohmann::json& Get(const char* key) const;
  const nlohmann::json& data_;
  std::string prefix_;
};

// Checks a number read into a param struct, with ParamReader's wording.
int64_t IntInRange(const std::string& field, double value, int64_t min, int64_t max);
std::optional<int64_t> IntInRange(const std::string& field, const std::optional<double>& value, int64_t min,
                                  int64_t max);
double NumberInRange(const std::string& field, double value, double min, double max);
std::optional<double> NumberInRange(const std::string& field, const std::optional<double>& value, double min,
                                    double max);

}  // namespace dn::engine
