// The engine's peer connections by id.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "engine/peer/peer_session.h"

namespace dn::engine::peer {

class PeerArea {
 public:
  PeerArea() = default;
  ~PeerArea() { CloseAll(); }
  PeerArea(const PeerArea&) = delete;
  PeerArea& operator=(const PeerArea&) = delete;

  // Throws StateError if the id is taken.
  void Add(std::shared_ptr<PeerSession> session);
  // Throws StateError if unknown.
  std::shared_ptr<PeerSession> Get(const std::string& id) const;
  std::shared_ptr<PeerSession> Remove(const std::string& id);
  bool Has(const std::string& id) const;
  size_t size() const;
  void CloseAll();

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<PeerSession>> sessions_;
};

}  // namespace dn::engine::peer
