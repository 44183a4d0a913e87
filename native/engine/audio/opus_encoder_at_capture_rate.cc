#include "engine/audio/opus_encoder_at_capture_rate.h"

#include <cstdlib>
#include <string>

#include <api/audio_codecs/opus/audio_encoder_opus.h>

namespace dn::engine::audio {
namespace {

// The format's sprop-maxcapturerate in Hz, or 0 when absent or not a positive number.
int CaptureRateHz(const webrtc::SdpAudioFormat& format) {
  const auto it = format.parameters.find("sprop-maxcapturerate");
  if (it == format.parameters.end()) return 0;
  char* end = nullptr;
  const long hz = std::strtol(it->second.c_str(), &end, 10);
  return *end == '\0' && hz > 0 && hz <= 192000 ? int(hz) : 0;
}

}  // namespace

absl::optional<AudioEncoderOpusAtCaptureRate::Config> AudioEncoderOpusAtCaptureRate::SdpToConfig(
    const webrtc::SdpAudioFormat& format) {
  absl::optional<Config> config = webrtc::AudioEncoderOpus::SdpToConfig(format);
  const int capture_hz = CaptureRateHz(format);
  if (config && capture_hz > 0 && capture_hz <= kNarrowInputMaxHz) config->sample_rate_hz = kNarrowInputMaxHz;
  return config;
}

void AudioEncoderOpusAtCaptureRate::AppendSupportedEncoders(std::vector<webrtc::AudioCodecSpec>* specs) {
  webrtc::AudioEncoderOpus::AppendSupportedEncoders(specs);
}

webrtc::AudioCodecInfo AudioEncoderOpusAtCaptureRate::QueryAudioEncoder(const Config& config) {
  return webrtc::AudioEncoderOpus::QueryAudioEncoder(config);
}

std::unique_ptr<webrtc::AudioEncoder> AudioEncoderOpusAtCaptureRate::MakeAudioEncoder(
    const Config& config, int payload_type, absl::optional<webrtc::AudioCodecPairId> codec_pair_id) {
  return webrtc::AudioEncoderOpus::MakeAudioEncoder(config, payload_type, codec_pair_id);
}

}  // namespace dn::engine::audio
