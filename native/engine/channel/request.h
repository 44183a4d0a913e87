// A request from the SDK and the one response it must get.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "generated/engine_protocol.h"

namespace dn::engine {

using json = nlohmann::json;

class EngineChannel;

struct Request {
  int64_t id = 0;
  std::string method;
  json data = json::object();
  std::vector<uint8_t> binary;
};

// Sends exactly one response for a request. Copies share one state; if every
// copy is dropped without an answer, an "internal" error is sent so that the
// caller never waits forever. A result whose keys differ from the method's in
// the TS protocol is answered with an "internal" error that names the key.
class Responder {
 public:
  Responder(EngineChannel* channel, int64_t id, const protocol::MethodSpec* spec = nullptr);
  void Ok(json data = json::object()) const;
  // Answers with a binary payload beside the JSON (audio read from a speaker, ...).
  void Ok(json data, std::vector<uint8_t> binary) const;
  void Error(protocol::ErrorCode code, const std::string& message, const std::string& field = "") const;
  bool answered() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace dn::engine
