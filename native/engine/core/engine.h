// Everything one engine process owns. Handlers receive a reference to it.
#pragma once

#include <memory>

#include "engine/audio/audio_area.h"
#include "engine/channel/engine_channel.h"
#include "engine/compositor/compositor_area.h"
#include "engine/core/log_forwarder.h"
#include "engine/core/media_context.h"
#include "engine/core/track_registry.h"
#include "engine/peer/peer_area.h"
#include "engine/video/video_area.h"

namespace dn::engine {

constexpr int kProtocolVersion = protocol::kVersion;  // generated from ENGINE_PROTOCOL_VERSION

struct Engine {
  explicit Engine(int channel_fd) : channel(channel_fd), log(&channel) {
    // Weak: the registry outlives the audio area.
    tracks.SetListener([bank = audio.mixer_bank()](const std::string& id, const TrackRegistry::TrackRef& track) {
      if (auto mixers = bank.lock()) mixers->OnTrack(id, track);
    });
  }

  EngineChannel channel;
  LogForwarder log;
  MediaContext media;
  TrackRegistry tracks;
  // Areas add their state here (audio, video, peers), one member each.
  // They are declared after `media` and `tracks`, so they are destroyed first,
  // while libwebrtc's threads still run.
  VideoArea video;
  audio::AudioArea audio;
  compositor::CompositorArea compositors;  // after audio: its mixers live in the audio area
  peer::PeerArea peers;                    // last: its connections close first
};

}  // namespace dn::engine
