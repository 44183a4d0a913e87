// Every media track the engine knows, by the id the SDK gave it (local tracks)
// or the engine made for it (remote tracks: "remote:<pcId>:<mid>").
// Peer connections take local tracks from here; renderers take remote (or
// local) tracks from here. Safe to use from any thread.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <api/media_stream_interface.h>
#include <api/scoped_refptr.h>

namespace dn::engine {

class TrackRegistry {
 public:
  using TrackRef = rtc::scoped_refptr<webrtc::MediaStreamTrackInterface>;

  // Returns false if the id is taken.
  bool Add(const std::string& id, TrackRef track) {
    std::lock_guard<std::mutex> lock(mu_);
    return tracks_.emplace(id, std::move(track)).second;
  }
  void Replace(const std::string& id, TrackRef track) {
    std::lock_guard<std::mutex> lock(mu_);
    tracks_[id] = std::move(track);
  }
  TrackRef Find(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tracks_.find(id);
    return it == tracks_.end() ? TrackRef() : it->second;
  }
  bool Remove(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    return tracks_.erase(id) > 0;
  }
  std::vector<std::string> Ids() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> ids;
    for (const auto& [id, t] : tracks_) ids.push_back(id);
    return ids;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, TrackRef> tracks_;
};

}  // namespace dn::engine
