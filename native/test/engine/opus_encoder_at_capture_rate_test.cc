// The engine's Opus encoder trait: a capture rate of 16 kHz or less in the
// Opus fmtp gets an encoder that takes 16 kHz input (no resampling up to 48 kHz
// before it), while its RTP clock stays 48 kHz; anything else keeps libwebrtc's
// 48 kHz encoder.
#include <api/audio_codecs/audio_format.h>

#include "engine/audio/opus_encoder_at_capture_rate.h"
#include "test/test_harness.h"

namespace {

using dn::engine::audio::AudioEncoderOpusAtCaptureRate;

webrtc::SdpAudioFormat OpusWith(const char* capture_rate) {
  webrtc::SdpAudioFormat format("opus", 48000, 2, {{"minptime", "10"}, {"useinbandfec", "1"}});
  if (capture_rate) format.parameters["sprop-maxcapturerate"] = capture_rate;
  return format;
}

int InputRate(const char* capture_rate) {
  const auto config = AudioEncoderOpusAtCaptureRate::SdpToConfig(OpusWith(capture_rate));
  return config ? config->sample_rate_hz : -1;
}

DN_TEST(opus_encoder_takes_16_khz_input_for_sources_of_16_khz_or_less) {
  DN_CHECK(InputRate("16000") == 16000);
  DN_CHECK(InputRate("8000") == 16000);
  DN_CHECK(InputRate("11025") == 16000);
  DN_CHECK(InputRate("22050") == 48000);
  DN_CHECK(InputRate("48000") == 48000);
  DN_CHECK(InputRate(nullptr) == 48000);
  DN_CHECK(InputRate("") == 48000);
  DN_CHECK(InputRate("16k") == 48000);
  DN_CHECK(InputRate("-16000") == 48000);
  const auto config = AudioEncoderOpusAtCaptureRate::SdpToConfig(OpusWith("16000"));
  DN_CHECK(config.has_value());
  const auto encoder = AudioEncoderOpusAtCaptureRate::MakeAudioEncoder(*config, 111);
  DN_CHECK(encoder != nullptr);
  DN_CHECK(encoder->SampleRateHz() == 16000);
  DN_CHECK(encoder->RtpTimestampRateHz() == 48000);
  // Everything else is libwebrtc's: the other fmtp parameters still count.
  DN_CHECK(config->fec_enabled);
  DN_CHECK(!AudioEncoderOpusAtCaptureRate::SdpToConfig(webrtc::SdpAudioFormat("PCMU", 8000, 1)).has_value());
}

}  // namespace
