// The engine's mixer sources by id. It is the playout clock's pull listener
// (ticking every mixer after each pull) and hears of track registrations, so
// a mixer attaches an input listed before its track existed. Shared, and held
// weakly by the clock and the track registry, so either may outlive it.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <api/scoped_refptr.h>

#include "engine/audio/mixer_source.h"
#include "engine/audio/virtual_adm.h"

namespace dn::engine::audio {

class MixerBank : public PullListener {
 public:
  using MixerRef = rtc::scoped_refptr<MixerSource>;

  // False if the id is taken.
  bool Add(MixerRef mixer);
  MixerRef Find(const std::string& id) const;
  MixerRef Remove(const std::string& id);
  std::vector<MixerRef> TakeAll();
  size_t size() const;

  void AfterPull() override;
  void OnTrack(const std::string& id, const MixerSource::TrackRef& track);

 private:
  mutable std::mutex mu_;
  std::map<std::string, MixerRef> mixers_;
};

}  // namespace dn::engine::audio
