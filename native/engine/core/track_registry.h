// Every media track the engine knows, by the id the SDK gave it (local tracks)
// or the engine made for it (remote tracks: "remote:<pcId>:<mid>").
// Peer connections take local tracks from here; renderers take remote (or
// local) tracks from here. Safe to use from any thread.
#pragma once

#include <functional>
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
  // Told of every registration (track set) and removal (track null), outside
  // the registry's lock, on the thread that made the change. Mixer sources
  // use it to attach inputs that appear after they were listed.
  using Listener = std::function<void(const std::string& id, const TrackRef& track)>;

  void SetListener(Listener listener) {
    std::lock_guard<std::mutex> lock(mu_);
    listener_ = std::move(listener);
  }

  // Returns false if the id is taken.
  bool Add(const std::string& id, TrackRef track) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!tracks_.emplace(id, track).second) return false;
    }
    Tell(id, track);
    return true;
  }
  void Replace(const std::string& id, TrackRef track) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tracks_[id] = track;
    }
    Tell(id, track);
  }
  TrackRef Find(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tracks_.find(id);
    return it == tracks_.end() ? TrackRef() : it->second;
  }
  bool Remove(const std::string& id) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (tracks_.erase(id) == 0) return false;
    }
    Tell(id, TrackRef());
    return true;
  }
  size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return tracks_.size();
  }
  std::vector<std::string> Ids() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> ids;
    for (const auto& [id, t] : tracks_) ids.push_back(id);
    return ids;
  }

 private:
  void Tell(const std::string& id, const TrackRef& track) {
    Listener listener;
    {
      std::lock_guard<std::mutex> lock(mu_);
      listener = listener_;
    }
    if (listener) listener(id, track);
  }

  mutable std::mutex mu_;
  Listener listener_;
  std::map<std::string, TrackRef> tracks_;
};

}  // namespace dn::engine
