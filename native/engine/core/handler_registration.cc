#include "engine/core/handler_registration.h"

#include <algorithm>
#include <utility>

namespace dn::engine {
namespace {

std::vector<std::pair<std::string, HandlerRegistration::Registrar>>& Registrars() {
  static std::vector<std::pair<std::string, HandlerRegistration::Registrar>> registrars;
  return registrars;
}

}  // namespace

HandlerRegistration::HandlerRegistration(std::string area, Registrar registrar) {
  Registrars().emplace_back(std::move(area), std::move(registrar));
}

void HandlerRegistration::RegisterAll(Engine& engine) {
  auto& all = Registrars();
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [area, registrar] : all) registrar(engine);
}

}  // namespace dn::engine
