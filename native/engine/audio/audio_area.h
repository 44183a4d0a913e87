// The engine's audio state: push sources (virtual microphones and custom
// sources), mixer sources, the tracks made from them, virtual speakers and which one is
// selected, and audio renderers. Request handlers in
// handlers/audio_handlers.cc drive it; every method is safe from any thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <api/media_stream_interface.h>
#include <api/scoped_refptr.h>

#include "engine/audio/audio_renderer.h"
#include "engine/audio/mixer_bank.h"
#include "engine/audio/push_audio_source.h"
#include "engine/audio/source_pacer.h"
#include "engine/audio/speaker_device.h"

namespace dn::engine::audio {

class AudioArea {
 public:
  AudioArea() = default;
  ~AudioArea();
  AudioArea(const AudioArea&) = delete;
  AudioArea& operator=(const AudioArea&) = delete;

  // Sources. Add throws StateError if the id is taken.
  rtc::scoped_refptr<PushAudioSource> AddSource(const std::string& id, AudioFormat format, bool auto_silence);
  rtc::scoped_refptr<PushAudioSource> Source(const std::string& id) const;  // throws StateError if unknown
  void RemoveSource(const std::string& id);
  uint64_t pacer_resets() const;
  bool pacer_realtime() const;

  // Mixers. Add throws StateError if a source or mixer has the id; Mixer
  // returns null for an unknown id.
  rtc::scoped_refptr<MixerSource> AddMixer(const std::string& id, AudioFormat format, rtc::Thread* signaling);
  rtc::scoped_refptr<MixerSource> Mixer(const std::string& id) const { return mixers_->Find(id); }
  bool RemoveMixer(const std::string& id);
  // What the playout clock and the track registry tell about pulls and tracks.
  std::weak_ptr<MixerBank> mixer_bank() const { return mixers_; }

  // A push source or a mixer (what an audio track can be made from); throws StateError if neither.
  rtc::scoped_refptr<webrtc::AudioSourceInterface> AnySource(const std::string& id) const;

  // Speakers.
  std::shared_ptr<SpeakerDevice> AddSpeaker(const std::string& id, AudioFormat format);
  std::shared_ptr<SpeakerDevice> Speaker(const std::string& id) const;
  // Returns the speaker that must now receive playout (nullptr for none).
  std::shared_ptr<SpeakerDevice> Select(const std::string& id);
  std::shared_ptr<SpeakerDevice> RemoveSpeaker(const std::string& id, bool* was_selected);
  std::string selected() const;

  // Renderers: the track they are attached to is kept with them.
  void AddRenderer(const std::string& id, rtc::scoped_refptr<webrtc::AudioTrackInterface> track,
                   std::unique_ptr<AudioRenderer> renderer);
  bool RemoveRenderer(const std::string& id);
  bool HasRenderer(const std::string& id) const;

  // How many of each it holds (engine.stats).
  struct Counts {
    size_t sources = 0, mixers = 0, speakers = 0, renderers = 0;
  };
  Counts counts() const;

  // Detaches renderers and ends pending reads; stops the pacer. Called before
  // the factory goes away.
  void Shutdown();

 private:
  struct RendererEntry {
    rtc::scoped_refptr<webrtc::AudioTrackInterface> track;
    std::unique_ptr<AudioRenderer> renderer;
  };
  static void Detach(RendererEntry& entry);

  mutable std::mutex mu_;
  std::unique_ptr<SourcePacer> pacer_;
  std::map<std::string, rtc::scoped_refptr<PushAudioSource>> sources_;
  const std::shared_ptr<MixerBank> mixers_ = std::make_shared<MixerBank>();
  std::map<std::string, std::shared_ptr<SpeakerDevice>> speakers_;
  std::string selected_;
  std::map<std::string, RendererEntry> renderers_;
};

}  // namespace dn::engine::audio
