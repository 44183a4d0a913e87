// A local audio source fed by the SDK: virtual microphones and custom audio
// sources. Written audio waits in a PacedAudioQueue; the SourcePacer's 10 ms
// clock calls Tick(), which hands exactly one 10 ms frame to the sinks (the
// senders' encoders and any local audio renderer). Microphones, and custom
// sources with autoSilence, push silence while nothing is queued, so the RTP
// stream never stops. Audio written at a rate the engine does not run at is
// converted by a StreamResampler that keeps its state between writes; what it
// still holds (less than one block) is flushed when the queue runs short.
// A non-blocking microphone is a live stream: after a stall, audio that
// arrives late is dropped rather than delaying the rest (StallCatchUp).
// A microphone may run a VoiceProcessor (echo cancellation, noise suppression,
// gain control) on each frame before the sinks get it.
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
#include "engine/audio/paced_audio_queue.h"
#include "engine/audio/stall_catch_up.h"
#include "engine/audio/stream_resampler.h"
#include "engine/audio/voice_processor.h"

namespace dn::engine::audio {

class PushAudioSource : public webrtc::Notifier<webrtc::AudioSourceInterface> {
 public:
  // Ten minutes of audio may wait in a source's queue.
  static constexpr int64_t kMaxQueuedMs = 10 * 60 * 1000;

  PushAudioSource(std::string id, AudioFormat format, bool auto_silence);

  const std::string& id() const { return id_; }
  AudioFormat format() const { return format_; }
  bool auto_silence() const { return auto_silence_; }

  // Audio is written at `rate` (not one the engine runs at): Write converts it.
  void SetInputRate(int rate) {
    input_ = std::make_unique<StreamResampler>(rate, format_.sample_rate, format_.channels);
  }
  int input_rate() const { return input_ ? input_->in_rate() : format_.sample_rate; }

  // A live stream (a non-blocking microphone): audio that arrives late after a
  // stall is dropped so the stream does not fall behind (StallCatchUp).
  void SetLiveStream() {
    std::lock_guard<std::mutex> lock(queue_mu_);
    catch_up_ = std::make_unique<StallCatchUp>(int64_t(format_.FramesPer10Ms()));
  }
  // Frames of late audio dropped after stalls, and the stalls (0 unless a live stream).
  uint64_t late_dropped_frames() const;
  uint64_t stalls_caught_up() const;

  // Switches processing on, changes it, or (all off) removes it. Returns the
  // processor now running, or nullptr.
  std::shared_ptr<VoiceProcessor> SetProcessing(VoiceProcessing settings);

  // Queues samples written at input_rate() (interleaved, whole frames). `done`
  // runs when the last of them that could be converted has played; frames the
  // resampler still holds play right after. Returns "" or why it was refused.
  std::string Write(std::vector<int16_t> samples, PacedAudioQueue::Completion done);
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
  std::string Enqueue(std::vector<int16_t> samples, PacedAudioQueue::Completion done);
  void FlushInputIfShort();
  size_t TakeFrameLocked(int64_t scheduled_ns);

  const std::string id_;
  const AudioFormat format_;
  const bool auto_silence_;
  mutable std::mutex queue_mu_;
  PacedAudioQueue queue_;
  std::unique_ptr<StallCatchUp> catch_up_;  // guarded by queue_mu_
  std::mutex sinks_mu_;
  std::vector<webrtc::AudioTrackSinkInterface*> sinks_;
  std::vector<int16_t> frame_;
  std::vector<std::function<void()>> due_;
  CadenceStats stats_;
  std::mutex input_mu_;  // taken before queue_mu_; keeps conversion and queueing in order
  std::unique_ptr<StreamResampler> input_;
  std::vector<int16_t> flushed_;
  std::mutex processor_mu_;
  std::shared_ptr<VoiceProcessor> processor_;
};

}  // namespace dn::engine::audio
