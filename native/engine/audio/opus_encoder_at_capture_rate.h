// libwebrtc's Opus encoder, run at 16 kHz when the track's audio is 16 kHz or
// less. libwebrtc always makes its Opus encoder take 48 kHz input, so a 16 kHz
// voice (what most TTS and telephony bots send) was resampled up to 48 kHz for
// every 10 ms frame and Opus then coded only its lower third: at 10 rooms of
// two-way bots that resampling was about 5 % of the engine's CPU
// (docs/performance.md). Opus takes 16 kHz input as it is; the RTP clock
// stays 48 kHz and receivers see no difference, since the audio holds nothing
// above 8 kHz anyway.
//
// The SDK knows each track's source rate and writes it into the answer it
// applies, as the Opus parameter `sprop-maxcapturerate` (RFC 7587: the highest
// rate the sender captures at); this is the encoder template's trait
// (api/audio_codecs/audio_encoder_factory_template.h) that reads it.
#pragma once

#include <memory>
#include <vector>

#include <absl/types/optional.h>
#include <api/audio_codecs/audio_codec_pair_id.h>
#include <api/audio_codecs/audio_encoder.h>
#include <api/audio_codecs/audio_format.h>
#include <api/audio_codecs/opus/audio_encoder_opus_config.h>

namespace dn::engine::audio {

struct AudioEncoderOpusAtCaptureRate {
  using Config = webrtc::AudioEncoderOpusConfig;
  // The highest capture rate that still gets the 16 kHz encoder.
  static constexpr int kNarrowInputMaxHz = 16000;

  // libwebrtc's config for `format`, with a 16 kHz input when the format's
  // sprop-maxcapturerate is from 1 to 16000.
  static absl::optional<Config> SdpToConfig(const webrtc::SdpAudioFormat& format);
  static void AppendSupportedEncoders(std::vector<webrtc::AudioCodecSpec>* specs);
  static webrtc::AudioCodecInfo QueryAudioEncoder(const Config& config);
  static std::unique_ptr<webrtc::AudioEncoder> MakeAudioEncoder(
      const Config& config, int payload_type, absl::optional<webrtc::AudioCodecPairId> codec_pair_id = absl::nullopt);
};

}  // namespace dn::engine::audio
