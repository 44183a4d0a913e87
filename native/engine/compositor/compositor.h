// One compositor: a canvas drawn from video tracks at a fixed picture rate and
// a mix of audio tracks, written to an encoder's two inputs (a Matroska
// picture stream and raw s16le 48 kHz mono) with no JS on the media path.
//
// Clocks: pictures are drawn by the compositor's own thread, one per 1/fps
// slot of the steady clock since the start, stamped with their slot (plus the
// picture delay); slots missed while the thread was starved are skipped, not
// queued. Sound comes from a mixer source ticked by the engine's playout clock
// (10 ms blocks, wall-clock paced); the encoder stamps it by count, and the
// time before the first block is filled with silence, so both start at 0.
//
// Threads: layout changes come from the channel thread; tiles_mu_ guards the
// tiles against the drawing thread. Sound arrives on the playout thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <api/media_stream_interface.h>

#include "engine/audio/mixer_source.h"
#include "engine/compositor/i420_canvas.h"
#include "engine/compositor/pipe_writer.h"
#include "engine/compositor/tile_sink.h"

namespace dn::engine::compositor {

struct TileSpec {
  std::string track_id;
  Rect rect;
};

struct VideoSettings {
  int width = 0;
  int height = 0;
  int fps = 0;
  Yuv background;
  int picture_delay_ms = 0;
  std::string path;
};

struct CompositorCounters {
  PipeCounters pictures;
  PipeCounters sound;
  int64_t tiles_attached = 0;
};

class Compositor : public webrtc::AudioTrackSinkInterface {
 public:
  using TrackLookup = audio::MixerSource::TrackLookup;
  static constexpr int kSampleRate = 48000;

  // `mixer` (48 kHz mono, already in the engine's mixer bank) gives the sound.
  Compositor(std::optional<VideoSettings> video, const std::string& audio_path,
             rtc::scoped_refptr<audio::MixerSource> mixer, TrackLookup lookup);
  // Stops drawing, detaches from the mixer and the tracks, and closes both
  // pipes without waiting for the encoder (channel thread).
  void Stop();
  // Stops (if not yet) and waits until both pipes are flushed, or gave up on
  // an encoder that stopped reading (PipeWriter's drain bound).
  ~Compositor() override;
  Compositor(const Compositor&) = delete;
  Compositor& operator=(const Compositor&) = delete;

  void SetTiles(std::vector<TileSpec> tiles);
  audio::MixerSource& mixer() { return *mixer_; }
  CompositorCounters counters() const;

  using webrtc::AudioTrackSinkInterface::OnData;
  // The mixer's 10 ms blocks (playout thread).
  void OnData(const void* audio_data, int bits_per_sample, int sample_rate, size_t number_of_channels,
              size_t number_of_frames) override;

 private:
  struct Tile {
    TileSpec spec;
    std::unique_ptr<TileSink> sink;  // null while the track does not exist
  };
  void DrawLoop();
  void DrawPicture(int64_t slot);
  void AttachMissingTiles();

  const std::optional<VideoSettings> video_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  const rtc::scoped_refptr<audio::MixerSource> mixer_;
  const TrackLookup lookup_;
  std::unique_ptr<PipeWriter> sound_;
  std::unique_ptr<PipeWriter> pictures_;
  std::optional<I420Canvas> canvas_;  // drawing thread only
  mutable std::mutex tiles_mu_;
  std::vector<Tile> tiles_;
  bool sound_started_ = false;  // playout thread only
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  bool stopped_ = false;  // channel thread only
  std::thread drawer_;
};

}  // namespace dn::engine::compositor
