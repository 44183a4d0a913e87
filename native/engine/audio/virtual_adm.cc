#include "engine/audio/virtual_adm.h"

#include <cstring>

namespace dn::engine::audio {
namespace {

int32_t CopyName(const char* text, char name[webrtc::kAdmMaxDeviceNameSize], char guid[webrtc::kAdmMaxGuidSize]) {
  std::strncpy(name, text, webrtc::kAdmMaxDeviceNameSize - 1);
  name[webrtc::kAdmMaxDeviceNameSize - 1] = '\0';
  if (guid) {
    std::strncpy(guid, text, webrtc::kAdmMaxGuidSize - 1);
    guid[webrtc::kAdmMaxGuidSize - 1] = '\0';
  }
  return 0;
}

}  // namespace

VirtualAdm::VirtualAdm() : clock_("dn-playout", [this](int64_t) { PullPlayout(); }) {}

VirtualAdm::~VirtualAdm() { clock_.Stop(); }

void VirtualAdm::SetPlayoutTarget(std::shared_ptr<PlayoutTarget> target) {
  std::lock_guard<std::mutex> lock(mu_);
  target_ = std::move(target);
}

void VirtualAdm::SetPullListener(std::weak_ptr<PullListener> listener) {
  std::lock_guard<std::mutex> lock(listener_mu_);
  listener_ = std::move(listener);
}

void VirtualAdm::PullPlayout() {
  Pull();
  std::shared_ptr<PullListener> listener;
  {
    std::lock_guard<std::mutex> lock(listener_mu_);
    listener = listener_.lock();
  }
  if (listener) listener->AfterPull();
}

void VirtualAdm::Pull() {
  std::lock_guard<std::mutex> lock(mu_);
  const AudioFormat format = target_ ? target_->format() : kIdleFormat;
  const size_t frames = format.FramesPer10Ms();
  buffer_.assign(format.SamplesPer10Ms(), 0);
  if (transport_) {
    size_t frames_out = 0;
    int64_t elapsed_ms = 0, ntp_ms = 0;
    transport_->NeedMorePlayData(frames, format.BytesPerFrame(), size_t(format.channels), uint32_t(format.sample_rate),
                                 buffer_.data(), frames_out, &elapsed_ms, &ntp_ms);
    pulls_.fetch_add(1);
  }
  // Without a transport (nothing negotiated yet) the speaker still gets
  // silence, so that reads and their completions keep real time.
  if (!target_) return;
  target_->OnPlayout(buffer_.data(), frames);
  echo_reference_.Feed(buffer_.data(), format);
}

int32_t VirtualAdm::ActiveAudioLayer(AudioLayer* audio_layer) const {
  *audio_layer = kDummyAudio;
  return 0;
}

int32_t VirtualAdm::RegisterAudioCallback(webrtc::AudioTransport* transport) {
  std::lock_guard<std::mutex> lock(mu_);
  transport_ = transport;
  return 0;
}

int32_t VirtualAdm::Init() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (initialized_) return 0;
    initialized_ = true;
  }
  clock_.Start();
  return 0;
}

int32_t VirtualAdm::Terminate() {
  clock_.Stop();
  std::lock_guard<std::mutex> lock(mu_);
  initialized_ = false;
  playing_ = recording_ = false;
  return 0;
}

bool VirtualAdm::Initialized() const {
  std::lock_guard<std::mutex> lock(mu_);
  return initialized_;
}

int32_t VirtualAdm::PlayoutDeviceName(uint16_t index, char name[webrtc::kAdmMaxDeviceNameSize],
                                      char guid[webrtc::kAdmMaxGuidSize]) {
  if (index != 0) return -1;
  return CopyName("daily-node virtual speaker", name, guid);
}

int32_t VirtualAdm::RecordingDeviceName(uint16_t index, char name[webrtc::kAdmMaxDeviceNameSize],
                                        char guid[webrtc::kAdmMaxGuidSize]) {
  if (index != 0) return -1;
  return CopyName("daily-node virtual microphone", name, guid);
}

int32_t VirtualAdm::PlayoutIsAvailable(bool* available) {
  *available = true;
  return 0;
}

int32_t VirtualAdm::InitPlayout() {
  std::lock_guard<std::mutex> lock(mu_);
  playout_initialized_ = true;
  return 0;
}

bool VirtualAdm::PlayoutIsInitialized() const {
  std::lock_guard<std::mutex> lock(mu_);
  return playout_initialized_;
}

int32_t VirtualAdm::RecordingIsAvailable(bool* available) {
  *available = true;
  return 0;
}

int32_t VirtualAdm::InitRecording() {
  std::lock_guard<std::mutex> lock(mu_);
  recording_initialized_ = true;
  return 0;
}

bool VirtualAdm::RecordingIsInitialized() const {
  std::lock_guard<std::mutex> lock(mu_);
  return recording_initialized_;
}

int32_t VirtualAdm::StartPlayout() {
  std::lock_guard<std::mutex> lock(mu_);
  playout_initialized_ = playing_ = true;
  return 0;
}

int32_t VirtualAdm::StopPlayout() {
  std::lock_guard<std::mutex> lock(mu_);
  playing_ = false;
  return 0;
}

bool VirtualAdm::Playing() const {
  std::lock_guard<std::mutex> lock(mu_);
  return playing_;
}

// Recording is reported as running (libwebrtc starts it with the first send
// stream) but no recorded audio is ever delivered.
int32_t VirtualAdm::StartRecording() {
  std::lock_guard<std::mutex> lock(mu_);
  recording_initialized_ = recording_ = true;
  return 0;
}

int32_t VirtualAdm::StopRecording() {
  std::lock_guard<std::mutex> lock(mu_);
  recording_ = false;
  return 0;
}

bool VirtualAdm::Recording() const {
  std::lock_guard<std::mutex> lock(mu_);
  return recording_;
}

int32_t VirtualAdm::SpeakerVolumeIsAvailable(bool* available) {
  *available = false;
  return 0;
}

int32_t VirtualAdm::MicrophoneVolumeIsAvailable(bool* available) {
  *available = false;
  return 0;
}

int32_t VirtualAdm::SpeakerMuteIsAvailable(bool* available) {
  *available = false;
  return 0;
}

int32_t VirtualAdm::MicrophoneMuteIsAvailable(bool* available) {
  *available = false;
  return 0;
}

int32_t VirtualAdm::StereoPlayoutIsAvailable(bool* available) const {
  *available = true;
  return 0;
}

int32_t VirtualAdm::SetStereoPlayout(bool enable) {
  std::lock_guard<std::mutex> lock(mu_);
  stereo_playout_ = enable;
  return 0;
}

int32_t VirtualAdm::StereoPlayout(bool* enabled) const {
  std::lock_guard<std::mutex> lock(mu_);
  *enabled = stereo_playout_;
  return 0;
}

int32_t VirtualAdm::StereoRecordingIsAvailable(bool* available) const {
  *available = true;
  return 0;
}

int32_t VirtualAdm::SetStereoRecording(bool enable) {
  std::lock_guard<std::mutex> lock(mu_);
  stereo_recording_ = enable;
  return 0;
}

int32_t VirtualAdm::StereoRecording(bool* enabled) const {
  std::lock_guard<std::mutex> lock(mu_);
  *enabled = stereo_recording_;
  return 0;
}

int32_t VirtualAdm::PlayoutDelay(uint16_t* delay_ms) const {
  *delay_ms = 0;
  return 0;
}

}  // namespace dn::engine::audio
