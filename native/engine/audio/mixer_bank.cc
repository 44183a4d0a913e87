#include "engine/audio/mixer_bank.h"

namespace dn::engine::audio {

bool MixerBank::Add(MixerRef mixer) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string id = mixer->id();
  return mixers_.emplace(id, std::move(mixer)).second;
}

MixerBank::MixerRef MixerBank::Find(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = mixers_.find(id);
  return it == mixers_.end() ? MixerRef() : it->second;
}

// Taking the lock also waits for a tick in progress, so a removed mixer is
// never ticked again.
MixerBank::MixerRef MixerBank::Remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = mixers_.find(id);
  if (it == mixers_.end()) return MixerRef();
  MixerRef mixer = std::move(it->second);
  mixers_.erase(it);
  return mixer;
}

size_t MixerBank::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return mixers_.size();
}

std::vector<MixerBank::MixerRef> MixerBank::TakeAll() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<MixerRef> all;
  for (auto& [id, mixer] : mixers_) all.push_back(std::move(mixer));
  mixers_.clear();
  return all;
}

void MixerBank::AfterPull() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [id, mixer] : mixers_) mixer->Tick();
}

// Outside the lock: attaching runs on the signaling thread, which may itself
// be the caller (a remote track registered in OnTrack) or be waited for.
void MixerBank::OnTrack(const std::string& id, const MixerSource::TrackRef& track) {
  std::vector<MixerRef> mixers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [mixer_id, mixer] : mixers_) mixers.push_back(mixer);
  }
  for (auto& mixer : mixers) {
    if (track)
      mixer->OnTrackAdded(id, track);
    else
      mixer->OnTrackRemoved(id);
  }
}

}  // namespace dn::engine::audio
