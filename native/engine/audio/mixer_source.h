// A local audio source whose audio is the sum of other audio tracks (usually
// remote ones, "remote:<pcId>:<mid>"): the telephony bridge sends a room's
// audio to a phone and a phone's audio into a room with it, with no JS on the
// media path. Each input is a sink on its track that converts the track's 10 ms
// blocks to the mixer's format into a short FIFO. The playout clock calls
// Tick() right after each pull (remote tracks are decoded, and their sinks fed,
// during that pull), which takes one 10 ms block from every input that has
// one, sums them with saturation and hands the result to this source's sinks
// (the encoders of the tracks made from it).
//
// Threads: inputs are attached and detached on the signaling thread only (the
// tracks' AddSink/RemoveSink run there), so those changes are serialized by
// the thread itself; inputs_mu_ guards the attached set against Tick (playout
// thread) and stats (channel thread).
#pragma once

#include <atomic>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <api/media_stream_interface.h>
#include <api/notifier.h>
#include <rtc_base/thread.h>

#include "engine/audio/audio_format.h"
#include "engine/audio/block_converter.h"

namespace dn::engine::audio {

// One input of a mixer: a sink on a track, holding what it received, converted.
class MixerInput : public webrtc::AudioTrackSinkInterface {
 public:
  // Beyond this many 10 ms blocks the oldest are dropped (an input clocked
  // elsewhere, such as a local push source, drifts against the playout clock).
  static constexpr size_t kMaxBlocks = 6;
  static constexpr size_t kKeepBlocksAfterDrop = 2;

  explicit MixerInput(AudioFormat format) : converter_(format) {}

  using webrtc::AudioTrackSinkInterface::OnData;
  void OnData(const void* audio_data, int bits_per_sample, int sample_rate, size_t number_of_channels,
              size_t number_of_frames) override;
  // Adds one 10 ms block to `sum`; false when none is ready.
  bool AddTo(std::vector<int32_t>& sum);
  // Whether any audio has arrived since the input was attached.
  bool started() const { return started_.load(); }

 private:
  BlockConverter converter_;
  std::mutex mu_;
  std::vector<int16_t> fifo_;
  std::atomic<bool> started_{false};
};

struct MixerCounters {
  int64_t inputs = 0;
  uint64_t frames_mixed = 0;
  uint64_t underruns = 0;
};

class MixerSource : public webrtc::Notifier<webrtc::AudioSourceInterface> {
 public:
  using TrackRef = rtc::scoped_refptr<webrtc::MediaStreamTrackInterface>;
  // Finds a track by registry id (null when there is none).
  using TrackLookup = std::function<TrackRef(const std::string&)>;

  MixerSource(std::string id, AudioFormat format, rtc::Thread* signaling);
  ~MixerSource() override;

  const std::string& id() const { return id_; }
  AudioFormat format() const { return format_; }

  // Replaces the set of inputs; attaches those that exist now.
  void SetInputs(const std::vector<std::string>& ids, const TrackLookup& lookup);
  // A track was registered (or replaced) / unregistered under `id`.
  void OnTrackAdded(const std::string& id, const TrackRef& track);
  void OnTrackRemoved(const std::string& id);
  // Detaches every input; the mixer then sends silence.
  void DetachAll();

  // Called by the playout clock after each pull.
  void Tick();
  MixerCounters counters() const;

  // AudioSourceInterface
  SourceState state() const override { return kLive; }
  bool remote() const override { return false; }
  const cricket::AudioOptions options() const override { return cricket::AudioOptions(); }
  void AddSink(webrtc::AudioTrackSinkInterface* sink) override;
  void RemoveSink(webrtc::AudioTrackSinkInterface* sink) override;

 private:
  struct Attached {
    rtc::scoped_refptr<webrtc::AudioTrackInterface> track;
    std::shared_ptr<MixerInput> input;
  };
  template <typename Fn>
  void OnSignaling(Fn&& fn);
  // Signaling thread only.
  void Attach(const std::string& id, const TrackRef& track);
  void Detach(const std::string& id);

  const std::string id_;
  const AudioFormat format_;
  rtc::Thread* const signaling_;
  std::set<std::string> wanted_;  // signaling thread only
  mutable std::mutex inputs_mu_;
  std::map<std::string, Attached> attached_;
  std::mutex sinks_mu_;
  std::vector<webrtc::AudioTrackSinkInterface*> sinks_;
  std::vector<int32_t> sum_;     // playout thread only
  std::vector<int16_t> frame_;   // playout thread only
  std::atomic<uint64_t> frames_mixed_{0};
  std::atomic<uint64_t> underruns_{0};
};

// Writes a sum back as 16-bit samples, saturating instead of wrapping (a loud
// sum clips; it never wraps around into noise).
void SaturateTo16(const std::vector<int32_t>& sum, std::vector<int16_t>& out);

}  // namespace dn::engine::audio
