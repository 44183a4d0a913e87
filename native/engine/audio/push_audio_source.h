// A local audio source fed by the SDK: virtual microphones and custom audio
// sources. Written audio waits in a PacedAudioQueue; the SourcePacer's 10 ms
// clock calls Tick(), which hands exactly one 10 ms frame to the sinks (the
// senders' encoders and any local audio renderer). Microphones, and custom
// sources with autoSilence, push silence while nothing is queued, so the RTP
// stream never stops.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <api/media_stream_interface.h>
#include <api/notifier.h>

#include "engine/audio/audio_format.h"
#include "engine/audio/cadence_stats.h"
#include "engine/audio/input_resampler.h"
#include "engine/audio/paced_audio_queue.h"

namespace dn::engine::audio {

class PushAudioSource : public webrtc::Notifier<webrtc::AudioSourceInterface> {
 public:
  // Ten minutes of audio may wait in a source's queue.
  static constexpr int64_t kMaxQueuedMs = 10 * 60 * 1000;

  PushAudioSource(std::string id, AudioFormat format, bool auto_silence);

  const std::string& id() const { return id_; }
  AudioFormat format() const { return format_; }
  bool auto_silence() const { return auto_silence_; }

  // Audio is written at `rate` (not one the engine runs at): FromInput converts it.
  void SetInputRate(int rate) {
    input_ = std::make_unique<InputResampler>(rate, format_.sample_rate, format_.channels);
  }
  int input_rate() const { return input_ ? input_->in_rate() : format_.sample_rate; }
  // Written samples at the engine's rate (the channel thread only, one write at a time).
  std::vector<int16_t> FromInput(std::vector<int16_t> samples) {
    return input_ ? input_->Convert(samples) : std::move(samples);
  }

  // Queues samples (interleaved, whole frames). Returns "" or why it was refused.
  std::string Enqueue(std::vector<int16_t> samples, PacedAudioQueue::Completion done);
  void Drain(PacedAudioQueue::Completion done);
  int64_t Clear();
  int64_t queued_frames() const;
  // Called by the pacer every 10 ms.
  void Tick(int64_t scheduled_ns);
  CadenceStats& stats() { return stats_; }

  // AudioSourceInterface
  SourceState state() const override { return kLive; }
  bool remote() const override { return false; }
  const cricket::AudioOptions options() const override { return cricket::AudioOptions(); }
  void AddSink(webrtc::AudioTrackSinkInterface* sink) override;
  void RemoveSink(webrtc::AudioTrackSinkInterface* sink) override;

 private:
  static void RunAll(std::vector<std::function<void()>>& due);

  const std::string id_;
  const AudioFormat format_;
  const bool auto_silence_;
  mutable std::mutex queue_mu_;
  PacedAudioQueue queue_;
  std::mutex sinks_mu_;
  std::vector<webrtc::AudioTrackSinkInterface*> sinks_;
  std::vector<int16_t> frame_;
  std::vector<std::function<void()>> due_;
  CadenceStats stats_;
  std::unique_ptr<InputResampler> input_;
};

}  // namespace dn::engine::audio
