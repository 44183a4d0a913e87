#include "engine/audio/audio_area.h"

#include "engine/channel/param_error.h"

namespace dn::engine::audio {

AudioArea::~AudioArea() { Shutdown(); }

AudioArea::Counts AudioArea::counts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {sources_.size(), mixers_->size(), speakers_.size(), renderers_.size()};
}

rtc::scoped_refptr<PushAudioSource> AudioArea::AddSource(const std::string& id, AudioFormat format, bool auto_silence) {
  std::lock_guard<std::mutex> lock(mu_);
  if (sources_.count(id) || mixers_->Find(id)) throw StateError("an audio source with id '" + id + "' already exists");
  auto source = rtc::make_ref_counted<PushAudioSource>(id, format, auto_silence);
  if (!pacer_) pacer_ = std::make_unique<SourcePacer>();
  pacer_->Add(source);
  sources_.emplace(id, source);
  return source;
}

rtc::scoped_refptr<PushAudioSource> AudioArea::Source(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sources_.find(id);
  if (it == sources_.end()) throw StateError("no audio source with id '" + id + "'");
  return it->second;
}

void AudioArea::RemoveSource(const std::string& id) {
  rtc::scoped_refptr<PushAudioSource> source;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sources_.find(id);
    if (it == sources_.end()) throw StateError("no audio source with id '" + id + "'");
    source = it->second;
    sources_.erase(it);
    if (pacer_) pacer_->Remove(source.get());
  }
  // Writes still queued complete with what they played.
  source->Clear();
}

rtc::scoped_refptr<MixerSource> AudioArea::AddMixer(const std::string& id, AudioFormat format, rtc::Thread* signaling) {
  std::lock_guard<std::mutex> lock(mu_);
  auto mixer = rtc::make_ref_counted<MixerSource>(id, format, signaling);
  if (sources_.count(id) || !mixers_->Add(mixer))
    throw StateError("an audio source or mixer with id '" + id + "' already exists");
  return mixer;
}

bool AudioArea::RemoveMixer(const std::string& id) {
  auto mixer = mixers_->Remove(id);
  if (!mixer) return false;
  mixer->DetachAll();
  return true;
}

rtc::scoped_refptr<webrtc::AudioSourceInterface> AudioArea::AnySource(const std::string& id) const {
  if (auto mixer = mixers_->Find(id)) return mixer;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sources_.find(id);
  if (it == sources_.end()) throw StateError("no audio source or mixer with id '" + id + "'");
  return it->second;
}

uint64_t AudioArea::pacer_resets() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pacer_ ? pacer_->clock_resets() : 0;
}

bool AudioArea::pacer_realtime() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pacer_ && pacer_->realtime();
}

std::shared_ptr<SpeakerDevice> AudioArea::AddSpeaker(const std::string& id, AudioFormat format) {
  std::lock_guard<std::mutex> lock(mu_);
  if (speakers_.count(id)) throw StateError("a speaker with id '" + id + "' already exists");
  auto speaker = std::make_shared<SpeakerDevice>(id, format);
  speakers_.emplace(id, speaker);
  return speaker;
}

std::shared_ptr<SpeakerDevice> AudioArea::Speaker(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = speakers_.find(id);
  if (it == speakers_.end()) throw StateError("no speaker with id '" + id + "'");
  return it->second;
}

std::shared_ptr<SpeakerDevice> AudioArea::Select(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (id.empty()) {
    selected_.clear();
    return nullptr;
  }
  auto it = speakers_.find(id);
  if (it == speakers_.end()) throw StateError("no speaker with id '" + id + "'");
  selected_ = id;
  return it->second;
}

std::shared_ptr<SpeakerDevice> AudioArea::RemoveSpeaker(const std::string& id, bool* was_selected) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = speakers_.find(id);
  if (it == speakers_.end()) throw StateError("no speaker with id '" + id + "'");
  auto speaker = it->second;
  speakers_.erase(it);
  *was_selected = selected_ == id;
  if (*was_selected) selected_.clear();
  return speaker;
}

std::string AudioArea::selected() const {
  std::lock_guard<std::mutex> lock(mu_);
  return selected_;
}

void AudioArea::AddRenderer(const std::string& id, rtc::scoped_refptr<webrtc::AudioTrackInterface> track,
                            std::unique_ptr<AudioRenderer> renderer) {
  // Requests arrive one at a time on the channel thread, so the check below
  // still holds when the renderer is inserted.
  if (HasRenderer(id)) throw StateError("an audio renderer with id '" + id + "' already exists");
  // Attach outside the lock: AddSink is marshalled to the signaling thread.
  track->AddSink(renderer.get());
  std::lock_guard<std::mutex> lock(mu_);
  renderers_.emplace(id, RendererEntry{std::move(track), std::move(renderer)});
}

bool AudioArea::RemoveRenderer(const std::string& id) {
  RendererEntry entry;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = renderers_.find(id);
    if (it == renderers_.end()) return false;
    entry = std::move(it->second);
    renderers_.erase(it);
  }
  Detach(entry);
  return true;
}

bool AudioArea::HasRenderer(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return renderers_.count(id) > 0;
}

void AudioArea::Detach(RendererEntry& entry) {
  // After RemoveSink returns the source no longer calls the renderer, so it
  // can be destroyed.
  if (entry.track && entry.renderer) entry.track->RemoveSink(entry.renderer.get());
  entry.renderer.reset();
  entry.track = nullptr;
}

void AudioArea::Shutdown() {
  std::map<std::string, RendererEntry> renderers;
  std::map<std::string, std::shared_ptr<SpeakerDevice>> speakers;
  std::unique_ptr<SourcePacer> pacer;
  std::map<std::string, rtc::scoped_refptr<PushAudioSource>> sources;
  {
    std::lock_guard<std::mutex> lock(mu_);
    renderers.swap(renderers_);
    speakers.swap(speakers_);
    pacer = std::move(pacer_);
    sources.swap(sources_);
    selected_.clear();
  }
  for (auto& [id, entry] : renderers) Detach(entry);
  for (auto& mixer : mixers_->TakeAll()) mixer->DetachAll();
  if (pacer) pacer->Stop();
  for (auto& [id, speaker] : speakers) speaker->CutPendingReads();
  for (auto& [id, source] : sources) source->Clear();
}

}  // namespace dn::engine::audio
