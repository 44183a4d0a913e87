// The engine's AudioDeviceModule. It records nothing: audio recorded through an
// ADM would reach every send stream (libwebrtc-notes finding 3), so microphones
// are push sources instead. It only runs the 10 ms playout clock, which always
// pulls NeedMorePlayData: remote tracks are decoded, and their sinks (audio
// renderers) fed, only while something pulls (finding 4). The mix goes to the
// selected speaker at that speaker's rate and channels, or is thrown away.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include <modules/audio_device/include/audio_device.h>

#include "engine/audio/audio_format.h"
#include "engine/audio/ten_ms_clock.h"

namespace dn::engine::audio {

// Where the mixed playout goes: the selected virtual speaker.
class PlayoutTarget {
 public:
  virtual ~PlayoutTarget() = default;
  virtual AudioFormat format() const = 0;
  // 10 ms of interleaved samples in format(); runs on the playout clock thread.
  virtual void OnPlayout(const int16_t* samples, size_t frames) = 0;
};

// Runs on the playout clock thread right after each pull, when every remote
// track's sinks have received this pull's 10 ms (mixer sources tick here).
class PullListener {
 public:
  virtual ~PullListener() = default;
  virtual void AfterPull() = 0;
};

class VirtualAdm : public webrtc::AudioDeviceModule {
 public:
  // The format pulled while no speaker is selected: Opus decodes at 48 kHz,
  // so asking for that avoids a resampling step whose output is discarded.
  static constexpr AudioFormat kIdleFormat{48000, 1};

  VirtualAdm();
  ~VirtualAdm() override;

  void SetPlayoutTarget(std::shared_ptr<PlayoutTarget> target);
  // Held weakly: the listener may go away first (the engine's audio area does).
  void SetPullListener(std::weak_ptr<PullListener> listener);
  uint64_t pulls() const { return pulls_.load(); }

  // AudioDeviceModule
  int32_t ActiveAudioLayer(AudioLayer* audio_layer) const override;
  int32_t RegisterAudioCallback(webrtc::AudioTransport* transport) override;
  int32_t Init() override;
  int32_t Terminate() override;
  bool Initialized() const override;
  int16_t PlayoutDevices() override { return 1; }
  int16_t RecordingDevices() override { return 1; }
  int32_t PlayoutDeviceName(uint16_t index, char name[webrtc::kAdmMaxDeviceNameSize],
                            char guid[webrtc::kAdmMaxGuidSize]) override;
  int32_t RecordingDeviceName(uint16_t index, char name[webrtc::kAdmMaxDeviceNameSize],
                              char guid[webrtc::kAdmMaxGuidSize]) override;
  int32_t SetPlayoutDevice(uint16_t) override { return 0; }
  int32_t SetPlayoutDevice(WindowsDeviceType) override { return 0; }
  int32_t SetRecordingDevice(uint16_t) override { return 0; }
  int32_t SetRecordingDevice(WindowsDeviceType) override { return 0; }
  int32_t PlayoutIsAvailable(bool* available) override;
  int32_t InitPlayout() override;
  bool PlayoutIsInitialized() const override;
  int32_t RecordingIsAvailable(bool* available) override;
  int32_t InitRecording() override;
  bool RecordingIsInitialized() const override;
  int32_t StartPlayout() override;
  int32_t StopPlayout() override;
  bool Playing() const override;
  int32_t StartRecording() override;
  int32_t StopRecording() override;
  bool Recording() const override;
  int32_t InitSpeaker() override { return 0; }
  bool SpeakerIsInitialized() const override { return true; }
  int32_t InitMicrophone() override { return 0; }
  bool MicrophoneIsInitialized() const override { return true; }
  int32_t SpeakerVolumeIsAvailable(bool* available) override;
  int32_t SetSpeakerVolume(uint32_t) override { return -1; }
  int32_t SpeakerVolume(uint32_t*) const override { return -1; }
  int32_t MaxSpeakerVolume(uint32_t*) const override { return -1; }
  int32_t MinSpeakerVolume(uint32_t*) const override { return -1; }
  int32_t MicrophoneVolumeIsAvailable(bool* available) override;
  int32_t SetMicrophoneVolume(uint32_t) override { return -1; }
  int32_t MicrophoneVolume(uint32_t*) const override { return -1; }
  int32_t MaxMicrophoneVolume(uint32_t*) const override { return -1; }
  int32_t MinMicrophoneVolume(uint32_t*) const override { return -1; }
  int32_t SpeakerMuteIsAvailable(bool* available) override;
  int32_t SetSpeakerMute(bool) override { return -1; }
  int32_t SpeakerMute(bool*) const override { return -1; }
  int32_t MicrophoneMuteIsAvailable(bool* available) override;
  int32_t SetMicrophoneMute(bool) override { return -1; }
  int32_t MicrophoneMute(bool*) const override { return -1; }
  int32_t StereoPlayoutIsAvailable(bool* available) const override;
  int32_t SetStereoPlayout(bool enable) override;
  int32_t StereoPlayout(bool* enabled) const override;
  int32_t StereoRecordingIsAvailable(bool* available) const override;
  int32_t SetStereoRecording(bool enable) override;
  int32_t StereoRecording(bool* enabled) const override;
  int32_t PlayoutDelay(uint16_t* delay_ms) const override;
  bool BuiltInAECIsAvailable() const override { return false; }
  bool BuiltInAGCIsAvailable() const override { return false; }
  bool BuiltInNSIsAvailable() const override { return false; }
  int32_t EnableBuiltInAEC(bool) override { return -1; }
  int32_t EnableBuiltInAGC(bool) override { return -1; }
  int32_t EnableBuiltInNS(bool) override { return -1; }

 private:
  void PullPlayout();
  void Pull();

  mutable std::mutex mu_;
  webrtc::AudioTransport* transport_ = nullptr;
  std::shared_ptr<PlayoutTarget> target_;
  std::mutex listener_mu_;
  std::weak_ptr<PullListener> listener_;
  std::vector<int16_t> buffer_;
  bool initialized_ = false;
  bool playout_initialized_ = false;
  bool playing_ = false;
  bool recording_initialized_ = false;
  bool recording_ = false;
  bool stereo_playout_ = false;
  bool stereo_recording_ = false;
  std::atomic<uint64_t> pulls_{0};
  TenMsClock clock_;
};

}  // namespace dn::engine::audio
