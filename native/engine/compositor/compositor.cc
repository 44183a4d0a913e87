#include "engine/compositor/compositor.h"

#include "engine/compositor/matroska_stream.h"

namespace dn::engine::compositor {
namespace {

// Pictures waiting for the encoder beyond which a new one is left out: about
// half a second, at least 2 (the server's JS compositor used the same bound).
size_t MaxQueuedPictures(int fps) { return size_t(std::max(2, fps / 2)); }
// Tracks listed before they exist are looked up again this often (in pictures).
constexpr int64_t kAttachRetrySlots = 10;

}  // namespace

Compositor::Compositor(std::optional<VideoSettings> video, const std::string& audio_path,
                       rtc::scoped_refptr<audio::MixerSource> mixer, TrackLookup lookup)
    : video_(std::move(video)), mixer_(std::move(mixer)), lookup_(std::move(lookup)) {
  sound_ = std::make_unique<PipeWriter>(audio_path, 0);
  if (video_) {
    pictures_ = std::make_unique<PipeWriter>(video_->path, MaxQueuedPictures(video_->fps));
    pictures_->Push(MatroskaHeader(video_->width, video_->height));
    canvas_.emplace(video_->width, video_->height, video_->background);
    drawer_ = std::thread([this] { DrawLoop(); });
  }
  mixer_->AddSink(this);
}

void Compositor::Stop() {
  if (stopped_) return;
  stopped_ = true;
  mixer_->RemoveSink(this);
  {
    std::lock_guard<std::mutex> lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (drawer_.joinable()) drawer_.join();
  {
    std::lock_guard<std::mutex> lock(tiles_mu_);
    tiles_.clear();
  }
  // Every writer of the encoder is closed before any is joined (see PipeWriter::Close).
  if (pictures_) pictures_->Close();
  sound_->Close();
}

Compositor::~Compositor() {
  Stop();
  pictures_.reset();
  sound_.reset();
}

void Compositor::SetTiles(std::vector<TileSpec> specs) {
  std::vector<Tile> next;
  std::vector<Tile> old;
  {
    std::lock_guard<std::mutex> lock(tiles_mu_);
    old = std::move(tiles_);
  }
  for (auto& spec : specs) {
    Tile tile{std::move(spec), nullptr};
    // Keep the sink of a track that stays, so its latest picture is not lost.
    for (auto& o : old) {
      if (o.sink && o.spec.track_id == tile.spec.track_id) {
        tile.sink = std::move(o.sink);
        break;
      }
    }
    next.push_back(std::move(tile));
  }
  {
    std::lock_guard<std::mutex> lock(tiles_mu_);
    tiles_ = std::move(next);
  }
  AttachMissingTiles();
  // `old` (sinks no tile kept) detaches here, outside the lock.
}

void Compositor::AttachMissingTiles() {
  std::lock_guard<std::mutex> lock(tiles_mu_);
  for (auto& tile : tiles_) {
    if (tile.sink) continue;
    auto track = lookup_(tile.spec.track_id);
    if (!track || track->kind() != webrtc::MediaStreamTrackInterface::kVideoKind) continue;
    tile.sink = std::make_unique<TileSink>(
        rtc::scoped_refptr<webrtc::VideoTrackInterface>(static_cast<webrtc::VideoTrackInterface*>(track.get())));
  }
}

void Compositor::DrawLoop() {
  const auto slot_length = std::chrono::microseconds(1000000 / video_->fps);
  int64_t slot = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(stop_mu_);
      if (stop_cv_.wait_until(lock, started_ + slot * slot_length, [this] { return stopping_; })) return;
    }
    if (slot % kAttachRetrySlots == 0) AttachMissingTiles();
    DrawPicture(slot);
    // Slots that passed while this thread was starved are skipped, not drawn late.
    const auto elapsed = std::chrono::steady_clock::now() - started_;
    slot = std::max(slot + 1, int64_t(elapsed / slot_length));
  }
}

void Compositor::DrawPicture(int64_t slot) {
  canvas_->Clear();
  {
    std::lock_guard<std::mutex> lock(tiles_mu_);
    for (auto& tile : tiles_) {
      if (!tile.sink) continue;
      if (auto latest = tile.sink->Latest()) canvas_->Draw(*latest, tile.spec.rect);
    }
  }
  const int64_t stamp_us = slot * 1000000 / video_->fps + int64_t(video_->picture_delay_ms) * 1000;
  const auto& picture = canvas_->bytes();
  pictures_->PushDroppable(MatroskaPicturePrefix(picture.size(), stamp_us), picture);
}

void Compositor::OnData(const void* audio_data, int bits_per_sample, int sample_rate, size_t number_of_channels,
                        size_t number_of_frames) {
  if (bits_per_sample != 16 || sample_rate != kSampleRate || number_of_channels != 1) return;
  if (!sound_started_) {
    // The encoder stamps sound by count from 0: silence stands for the time
    // before the playout clock's first block, so sound and pictures share 0.
    sound_started_ = true;
    const auto elapsed = std::chrono::steady_clock::now() - started_;
    const int64_t blocks = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() / 10;
    if (blocks > 0) sound_->Push(std::vector<uint8_t>(size_t(blocks) * size_t(kSampleRate / 100) * 2, 0));
  }
  const auto* bytes = static_cast<const uint8_t*>(audio_data);
  sound_->Push(std::vector<uint8_t>(bytes, bytes + number_of_frames * 2));
}

CompositorCounters Compositor::counters() const {
  CompositorCounters c;
  c.sound = sound_->counters();
  if (pictures_) c.pictures = pictures_->counters();
  std::lock_guard<std::mutex> lock(tiles_mu_);
  for (const auto& tile : tiles_) c.tiles_attached += tile.sink && tile.sink->Latest() ? 1 : 0;
  return c;
}

}  // namespace dn::engine::compositor
