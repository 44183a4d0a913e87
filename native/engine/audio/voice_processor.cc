#include "engine/audio/voice_processor.h"

#include <modules/audio_processing/include/audio_processing.h>

#include <vector>

namespace dn::engine::audio {
namespace {

webrtc::AudioProcessing::Config ConfigFor(VoiceProcessing settings) {
  webrtc::AudioProcessing::Config config;
  config.echo_canceller.enabled = settings.echo_cancellation;
  config.echo_canceller.mobile_mode = false;
  config.noise_suppression.enabled = settings.noise_suppression;
  config.noise_suppression.level = webrtc::AudioProcessing::Config::NoiseSuppression::kHigh;
  // A virtual microphone has no analog volume to steer: the gain is applied digitally.
  config.gain_controller1.enabled = settings.auto_gain_control;
  config.gain_controller1.mode = webrtc::AudioProcessing::Config::GainController1::kAdaptiveDigital;
  config.gain_controller1.analog_gain_controller.enabled = false;
  // Browsers filter out rumble below 80 Hz whenever they process a microphone.
  config.high_pass_filter.enabled = settings.any();
  return config;
}

}  // namespace

VoiceProcessor::VoiceProcessor(VoiceProcessing settings) : apm_(webrtc::AudioProcessingBuilder().Create()) {
  apm_->ApplyConfig(ConfigFor(settings));
}

VoiceProcessor::~VoiceProcessor() = default;

void VoiceProcessor::Apply(VoiceProcessing settings) { apm_->ApplyConfig(ConfigFor(settings)); }

bool VoiceProcessor::echo_cancellation() const { return apm_->GetConfig().echo_canceller.enabled; }

int VoiceProcessor::ProcessCapture(int16_t* interleaved, AudioFormat format) {
  const webrtc::StreamConfig config(format.sample_rate, size_t(format.channels));
  return apm_->ProcessStream(interleaved, config, config, interleaved);
}

int VoiceProcessor::AnalyzePlayout(const int16_t* interleaved, AudioFormat format) {
  const webrtc::StreamConfig config(format.sample_rate, size_t(format.channels));
  // ProcessReverseStream may change the render audio; the speaker keeps the original.
  thread_local std::vector<int16_t> scratch;
  scratch.assign(interleaved, interleaved + format.SamplesPer10Ms());
  return apm_->ProcessReverseStream(scratch.data(), config, config, scratch.data());
}

}  // namespace dn::engine::audio
