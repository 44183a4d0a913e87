#include "engine/peer/peer_area.h"

#include "engine/channel/param_error.h"

namespace dn::engine::peer {

void PeerArea::Add(std::shared_ptr<PeerSession> session) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string id = session->id();
  if (!sessions_.emplace(id, std::move(session)).second)
    throw StateError("a peer connection with id '" + id + "' already exists");
}

std::shared_ptr<PeerSession> PeerArea::Get(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) throw StateError("no peer connection with id '" + id + "'");
  return it->second;
}

std::shared_ptr<PeerSession> PeerArea::Remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) throw StateError("no peer connection with id '" + id + "'");
  auto session = it->second;
  sessions_.erase(it);
  return session;
}

bool PeerArea::Has(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.count(id) > 0;
}

size_t PeerArea::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

void PeerArea::CloseAll() {
  std::map<std::string, std::shared_ptr<PeerSession>> sessions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    sessions.swap(sessions_);
  }
  for (auto& [id, s] : sessions) s->Close();
}

}  // namespace dn::engine::peer
