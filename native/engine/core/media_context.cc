#include "engine/core/media_context.h"

#include <api/audio_codecs/audio_decoder_factory_template.h>
#include <api/audio_codecs/audio_encoder_factory_template.h>
#include <api/audio_codecs/g711/audio_decoder_g711.h>
#include <api/audio_codecs/g711/audio_encoder_g711.h>
#include <api/audio_codecs/g722/audio_decoder_g722.h>
#include <api/audio_codecs/g722/audio_encoder_g722.h>
#include <api/audio_codecs/opus/audio_decoder_opus.h>
#include <api/audio_codecs/opus/audio_encoder_opus.h>
#include <api/call/call_factory_interface.h>
#include <api/rtc_event_log/rtc_event_log_factory.h>
#include <api/transport/field_trial_based_config.h>
#include <api/video_codecs/video_decoder_factory_template.h>
#include <api/video_codecs/video_decoder_factory_template_libvpx_vp8_adapter.h>
#include <api/video_codecs/video_decoder_factory_template_libvpx_vp9_adapter.h>
#include <api/video_codecs/video_encoder_factory_template.h>
#include <api/video_codecs/video_encoder_factory_template_libvpx_vp8_adapter.h>
#include <api/video_codecs/video_encoder_factory_template_libvpx_vp9_adapter.h>
#include <media/engine/webrtc_media_engine.h>
#include <modules/audio_processing/include/audio_processing.h>

#include "engine/audio/opus_encoder_at_capture_rate.h"
#include "engine/core/env_choice.h"
#include "engine/core/jitter_buffer_mode.h"
#include "engine/core/lane_task_queue_factory.h"
#include "engine/core/worker_thread_mode.h"

namespace dn::engine {

MediaContext::MediaContext() = default;

MediaContext::~MediaContext() { Stop(); }

std::string MediaContext::Start() {
  if (factory_) return "";
  network_ = rtc::Thread::CreateWithSocketServer();
  signaling_ = rtc::Thread::Create();
  network_->SetName("dn-network", nullptr);
  signaling_->SetName("dn-signaling", nullptr);
  if (WorkerThreadModeFromEnvironment() == "own") {
    worker_ = rtc::Thread::Create();
    worker_->SetName("dn-worker", nullptr);
    if (!worker_->Start()) return "could not start libwebrtc threads";
  }
  if (!network_->Start() || !signaling_->Start()) return "could not start libwebrtc threads";

  // The builtin audio factories of this libwebrtc hold no Opus, so build them
  // from templates (Opus encoding at the track's capture rate: opus_encoder_at_capture_rate.h;
  // DAILY_NODE_ENGINE_OPUS_AT_CAPTURE_RATE=0 keeps libwebrtc's 48 kHz input for every track).
  // VP8/VP9 only: no libavcodec at run time.
  rtc::scoped_refptr<webrtc::AudioEncoderFactory> audio_encoders =
      EnvChoice("DAILY_NODE_ENGINE_OPUS_AT_CAPTURE_RATE", {"1", "0"}, "1") == "1"
          ? webrtc::CreateAudioEncoderFactory<audio::AudioEncoderOpusAtCaptureRate, webrtc::AudioEncoderG722,
                                              webrtc::AudioEncoderG711>()
          : webrtc::CreateAudioEncoderFactory<webrtc::AudioEncoderOpus, webrtc::AudioEncoderG722,
                                              webrtc::AudioEncoderG711>();
  auto audio_decoders =
      webrtc::CreateAudioDecoderFactory<webrtc::AudioDecoderOpus, webrtc::AudioDecoderG722, webrtc::AudioDecoderG711>();
  auto video_encoders =
      std::make_unique<webrtc::VideoEncoderFactoryTemplate<webrtc::LibvpxVp8EncoderTemplateAdapter,
                                                           webrtc::LibvpxVp9EncoderTemplateAdapter>>();
  auto video_decoders =
      std::make_unique<webrtc::VideoDecoderFactoryTemplate<webrtc::LibvpxVp8DecoderTemplateAdapter,
                                                           webrtc::LibvpxVp9DecoderTemplateAdapter>>();

  // The ADM is used on the worker thread, so it is made there. It records
  // nothing and only runs the playout clock (see audio/virtual_adm.h).
  adm_ = worker_thread()->BlockingCall([] { return rtc::make_ref_counted<audio::VirtualAdm>(); });

  jitter_buffer_mode_ = ApplyJitterBufferMode();

  // What webrtc::CreatePeerConnectionFactory assembles, with our own task
  // queue factory: the audio send path's queues share lanes (lane_task_queue_factory.h).
  webrtc::PeerConnectionFactoryDependencies deps;
  deps.network_thread = network_.get();
  deps.worker_thread = worker_thread();
  deps.signaling_thread = signaling_.get();
  deps.socket_factory = network_->socketserver();
  auto task_queues =
      std::make_unique<LaneTaskQueueFactory>(LaneTaskQueueFactory::LaneCountFromEnvironment(),
                                             /*realtime=*/true, LaneTaskQueueFactory::TimerGridUsFromEnvironment(),
                                             LaneTaskQueueFactory::ControllerOnGridFromEnvironment());
  task_lanes_ = task_queues->lane_count();
  deps.task_queue_factory = std::move(task_queues);
  deps.call_factory = webrtc::CreateCallFactory();
  deps.event_log_factory = std::make_unique<webrtc::RtcEventLogFactory>(deps.task_queue_factory.get());
  deps.trials = std::make_unique<webrtc::FieldTrialBasedConfig>();
  cricket::MediaEngineDependencies media;
  media.task_queue_factory = deps.task_queue_factory.get();
  media.adm = adm_;
  media.audio_encoder_factory = std::move(audio_encoders);
  media.audio_decoder_factory = std::move(audio_decoders);
  media.audio_processing = webrtc::AudioProcessingBuilder().Create();
  media.video_encoder_factory = std::move(video_encoders);
  media.video_decoder_factory = std::move(video_decoders);
  media.trials = deps.trials.get();
  deps.media_engine = cricket::CreateMediaEngine(std::move(media));
  factory_ = webrtc::CreateModularPeerConnectionFactory(std::move(deps));
  if (!factory_) return "CreateModularPeerConnectionFactory failed";
  return "";
}

void MediaContext::Stop() {
  factory_ = nullptr;
  // The factory terminated the ADM on the worker thread; release it there too.
  if (adm_ && worker_thread()) worker_thread()->BlockingCall([this] { adm_ = nullptr; });
  adm_ = nullptr;
  if (signaling_) signaling_->Stop();
  if (worker_) worker_->Stop();
  if (network_) network_->Stop();
  signaling_.reset();
  worker_.reset();
  network_.reset();
}

namespace {
std::vector<std::string> CodecNames(webrtc::PeerConnectionFactoryInterface* f, cricket::MediaType type) {
  std::vector<std::string> names;
  if (!f) return names;
  for (const auto& codec : f->GetRtpSenderCapabilities(type).codecs) {
    bool seen = false;
    for (const auto& n : names) seen = seen || n == codec.name;
    if (!seen) names.push_back(codec.name);
  }
  return names;
}
}  // namespace

std::vector<std::string> MediaContext::AudioCodecs() const {
  return CodecNames(factory_.get(), cricket::MEDIA_TYPE_AUDIO);
}

std::vector<std::string> MediaContext::VideoCodecs() const {
  return CodecNames(factory_.get(), cricket::MEDIA_TYPE_VIDEO);
}

}  // namespace dn::engine
