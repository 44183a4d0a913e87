#include "engine/channel/param_reader.h"

#include <cmath>

namespace dn::engine {
namespace {
const nlohmann::json kNull;

std::string TypeName(const nlohmann::json& v) { return v.type_name(); }
}  // namespace

ParamReader::ParamReader(const nlohmann::json& data, std::string prefix) : data_(data), prefix_(std::move(prefix)) {
  if (!data_.is_object())
    throw ParamError(prefix_.empty() ? "data" : prefix_.substr(0, prefix_.size() - 1), "must be an object");
}

bool ParamReader::Has(const char* key) const {
  auto it = data_.find(key);
  return it != data_.end() && !it->is_null();
}

const nlohmann::json& ParamReader::Get(const char* key) const {
  auto it = data_.find(key);
  if (it == data_.end() || it->is_null()) throw ParamError(FieldName(key), "is required");
  return *it;
}

std::string ParamReader::String(const char* key) const {
  const auto& v = Get(key);
  if (!v.is_string()) throw ParamError(FieldName(key), "must be a string, got " + TypeName(v));
  return v.get<std::string>();
}

std::optional<std::string> ParamReader::OptString(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return String(key);
}

int64_t ParamReader::Int(const char* key, int64_t min, int64_t max) const {
  const auto& v = Get(key);
  if (!v.is_number()) throw ParamError(FieldName(key), "must be a number, got " + TypeName(v));
  return IntInRange(FieldName(key), v.get<double>(), min, max);
}

std::optional<int64_t> ParamReader::OptInt(const char* key, int64_t min, int64_t max) const {
  if (!Has(key)) return std::nullopt;
  return Int(key, min, max);
}

double ParamReader::Number(const char* key, double min, double max) const {
  return NumberInRange(FieldName(key), Number(key), min, max);
}

double ParamReader::Number(const char* key) const {
  const auto& v = Get(key);
  if (!v.is_number()) throw ParamError(FieldName(key), "must be a number, got " + TypeName(v));
  return v.get<double>();
}

std::optional<double> ParamReader::OptNumber(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return Number(key);
}

std::optional<double> ParamReader::OptNumber(const char* key, double min, double max) const {
  if (!Has(key)) return std::nullopt;
  return Number(key, min, max);
}

bool ParamReader::Bool(const char* key) const {
  const auto& v = Get(key);
  if (!v.is_boolean()) throw ParamError(FieldName(key), "must be a boolean, got " + TypeName(v));
  return v.get<bool>();
}

std::optional<bool> ParamReader::OptBool(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return Bool(key);
}

std::string ParamReader::OneOf(const char* key, const std::vector<std::string>& allowed, const char* what) const {
  std::string value = String(key);
  for (const auto& a : allowed)
    if (a == value) return value;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  if (what) throw ParamError(FieldName(key), std::string("invalid ") + what + " '" + value + "' (one of " + list + ")");
  throw ParamError(FieldName(key), "must be one of " + list + ", got '" + value + "'");
}

std::optional<std::string> ParamReader::OptOneOf(const char* key, const std::vector<std::string>& allowed,
                                                 const char* what) const {
  if (!Has(key)) return std::nullopt;
  return OneOf(key, allowed, what);
}

std::vector<std::string> ParamReader::Strings(const char* key) const {
  const auto& list = Array(key);
  std::vector<std::string> out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string())
      throw ParamError(FieldName(key) + "[" + std::to_string(i) + "]", "must be a string, got " + TypeName(list[i]));
    out.push_back(list[i].get<std::string>());
  }
  return out;
}

std::optional<std::vector<std::string>> ParamReader::OptStrings(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return Strings(key);
}

nlohmann::json ParamReader::Any(const char* key) const { return Has(key) ? data_.at(key) : nlohmann::json(); }

std::optional<nlohmann::json> ParamReader::OptObjectJson(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return ObjectJson(key);
}

std::optional<nlohmann::json> ParamReader::OptArrayJson(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return ArrayJson(key);
}

ParamReader ParamReader::Object(const char* key) const {
  const auto& v = Get(key);
  if (!v.is_object()) throw ParamError(FieldName(key), "must be an object, got " + TypeName(v));
  return ParamReader(v, FieldName(key) + ".");
}

std::optional<ParamReader> ParamReader::OptObject(const char* key) const {
  if (!Has(key)) return std::nullopt;
  return Object(key);
}

const nlohmann::json& ParamReader::Array(const char* key) const {
  const auto& v = Get(key);
  if (!v.is_array()) throw ParamError(FieldName(key), "must be an array, got " + TypeName(v));
  return v;
}

const nlohmann::json* ParamReader::OptArray(const char* key) const {
  if (!Has(key)) return nullptr;
  return &Array(key);
}

int64_t IntInRange(const std::string& field, double value, int64_t min, int64_t max) {
  if (std::floor(value) != value) throw ParamError(field, "must be an integer");
  if (value < double(min) || value > double(max))
    throw ParamError(field, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  return int64_t(value);
}

std::optional<int64_t> IntInRange(const std::string& field, const std::optional<double>& value, int64_t min,
                                  int64_t max) {
  if (!value) return std::nullopt;
  return IntInRange(field, *value, min, max);
}

double NumberInRange(const std::string& field, double value, double min, double max) {
  if (!std::isfinite(value) || value < min || value > max)
    throw ParamError(field, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  return value;
}

std::optional<double> NumberInRange(const std::string& field, const std::optional<double>& value, double min,
                                    double max) {
  if (!value) return std::nullopt;
  return NumberInRange(field, *value, min, max);
}

}  // namespace dn::engine
