// Typed access to a request's "data" object with errors that name the field.
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
  bool Bool(const char* key) const;
  std::optional<bool> OptBool(const char* key) const;
  std::string OneOf(const char* key, const std::vector<std::string>& allowed) const;
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

}  // namespace dn::engine
