// Each handlers/*.cc file registers its request handlers with one static
// HandlerRegistration, so adding an area of the engine touches no shared file:
//
//   static dn::engine::HandlerRegistration reg("audio", [](Engine& e) { ... });
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace dn::engine {

struct Engine;

class HandlerRegistration {
 public:
  using Registrar = std::function<void(Engine&)>;
  HandlerRegistration(std::string area, Registrar registrar);
  // Calls every registrar, in area-name order.
  static void RegisterAll(Engine& engine);
};

}  // namespace dn::engine
