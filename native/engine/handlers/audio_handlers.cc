// audio.* methods: push sources (virtual microphones, custom audio sources)
// and their tracks, virtual speakers, and audio renderers.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/channel/param_reader.h"
#include "engine/core/engine.h"
#include "engine/core/handler_registration.h"

namespace dn::engine {
namespace {

using audio::AudioFormat;

constexpr int64_t kMaxIdLength = 256;

void RequireMedia(Engine& engine) {
  if (!engine.media.started()) throw StateError("the media engine is not initialized (engine.init was not called)");
}

std::string Id(const ParamReader& p, const char* key) {
  std::string id = p.String(key);
  if (id.empty() || int64_t(id.size()) > kMaxIdLength)
    throw ParamError(p.FieldName(key), "must be 1 to " + std::to_string(kMaxIdLength) + " characters");
  return id;
}

std::vector<int16_t> Samples(const Request& req, const AudioFormat& format) {
  if (req.binary.size() % format.BytesPerFrame() != 0)
    throw ParamError("frames", "frames bytestring should contain 16-bit samples: " + std::to_string(req.binary.size()) +
                                   " bytes is not a multiple of " + std::to_string(format.BytesPerFrame()) +
                                   " (2 bytes x " + std::to_string(format.channels) + " channels)");
  std::vector<int16_t> samples(req.binary.size() / 2);
  if (!samples.empty()) std::memcpy(samples.data(), req.binary.data(), req.binary.size());
  return samples;
}

std::vector<uint8_t> Bytes(const std::vector<int16_t>& samples) {
  std::vector<uint8_t> bytes(samples.size() * 2);
  if (!bytes.empty()) std::memcpy(bytes.data(), samples.data(), bytes.size());
  return bytes;
}

void RegisterSourceHandlers(Engine& engine) {
  auto& ch = engine.channel;
  ch.OnRequest(protocol::method::kAudioSourceCreate, [&engine](const Request& req, const Responder& res) {
    RequireMedia(engine);
    ParamReader p(req.data);
    const std::string id = Id(p, "sourceId");
    const AudioFormat written = audio::ReadAnyRateAudioFormat(p);
    AudioFormat format = written;
    format.sample_rate = audio::EngineRateFor(written.sample_rate);
    const bool auto_silence = p.OptBool("autoSilence").value_or(true);
    const bool live_stream = p.OptBool("liveStream").value_or(false);
    auto source = engine.audio.AddSource(id, format, auto_silence);
    if (format.sample_rate != written.sample_rate) source->SetInputRate(written.sample_rate);
    if (live_stream) source->SetLiveStream();
    res.Ok();
  });

  // Answers once the written audio has been played out (or cleared).
  ch.OnRequest(protocol::method::kAudioSourceWrite, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    auto source = engine.audio.Source(Id(p, "sourceId"));
    std::vector<int16_t> samples = Samples(req, source->format());
    const int64_t frames = int64_t(samples.size()) / source->format().channels;
    if (frames == 0) return res.Ok({{"frames", 0}, {"playedFrames", 0}, {"cleared", false}});
    // Played frames are counted at the engine's rate; report them at the written one.
    const double to_written = double(source->input_rate()) / source->format().sample_rate;
    auto done = [res, frames, to_written](int64_t played, bool cleared) {
      const int64_t played_written =
          cleared ? std::min(frames, int64_t(std::llround(double(played) * to_written))) : frames;
      res.Ok({{"frames", frames}, {"playedFrames", played_written}, {"cleared", cleared}});
    };
    const std::string refused = source->Write(std::move(samples), std::move(done));
    if (!refused.empty()) throw ParamError("frames", refused);
  });

  // The microphone's audio processing (customConstraints); all false removes it.
  ch.OnRequest(protocol::method::kAudioSourceProcessing, [&engine](const Request& req, const Responder& res) {
    RequireMedia(engine);
    ParamReader p(req.data);
    auto source = engine.audio.Source(Id(p, "sourceId"));
    audio::VoiceProcessing settings;
    settings.echo_cancellation = p.Bool("echoCancellation");
    settings.noise_suppression = p.Bool("noiseSuppression");
    settings.auto_gain_control = p.Bool("autoGainControl");
    auto processor = source->SetProcessing(settings);
    if (processor && settings.echo_cancellation) engine.media.adm()->echo_reference().Add(processor);
    res.Ok();
  });

  ch.OnRequest(protocol::method::kAudioSourceClear, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    auto source = engine.audio.Source(Id(p, "sourceId"));
    const double to_written = double(source->input_rate()) / source->format().sample_rate;
    const int64_t dropped = std::llround(double(source->Clear()) * to_written);
    res.Ok({{"droppedFrames", dropped}});
  });

  ch.OnRequest(protocol::method::kAudioSourceDrain, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    engine.audio.Source(Id(p, "sourceId"))->Drain([res](int64_t, bool) { res.Ok(); });
  });

  ch.OnRequest(protocol::method::kAudioSourceStats, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    auto source = engine.audio.Source(Id(p, "sourceId"));
    json stats = source->stats().ToJson();
    const int64_t queued = source->queued_frames();
    stats["queuedFrames"] = queued;
    stats["queuedMs"] = source->format().FramesToMs(queued);
    stats["clockResets"] = engine.audio.pacer_resets();
    stats["stallsCaughtUp"] = source->stalls_caught_up();
    stats["lateDroppedMs"] = source->format().FramesToMs(int64_t(source->late_dropped_frames()));
    stats["realtimeClock"] = engine.audio.pacer_realtime();
    if (p.OptBool("reset").value_or(false)) source->stats().Reset();
    res.Ok(stats);
  });

  ch.OnRequest(protocol::method::kAudioSourceRelease, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    engine.audio.RemoveSource(Id(p, "sourceId"));
    res.Ok();
  });
}

void RegisterTrackHandlers(Engine& engine) {
  engine.channel.OnRequest(protocol::method::kAudioTrackCreate, [&engine](const Request& req, const Responder& res) {
    RequireMedia(engine);
    ParamReader p(req.data);
    const std::string track_id = Id(p, "trackId");
    auto source = engine.audio.AnySource(Id(p, "sourceId"));
    if (engine.tracks.Find(track_id)) throw StateError("a track with id '" + track_id + "' already exists");
    auto track = engine.media.factory()->CreateAudioTrack(track_id, source.get());
    if (!track) throw StateError("libwebrtc could not create audio track '" + track_id + "'");
    engine.tracks.Add(track_id, track);
    res.Ok();
  });

  engine.channel.OnRequest(protocol::method::kAudioTrackRelease, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    const std::string track_id = Id(p, "trackId");
    auto track = engine.tracks.Find(track_id);
    if (!track || track->kind() != webrtc::MediaStreamTrackInterface::kAudioKind)
      throw StateError("no local audio track with id '" + track_id + "'");
    engine.tracks.Remove(track_id);
    res.Ok();
  });
}

void RegisterSpeakerHandlers(Engine& engine) {
  auto& ch = engine.channel;
  ch.OnRequest(protocol::method::kAudioSpeakerCreate, [&engine](const Request& req, const Responder& res) {
    RequireMedia(engine);
    ParamReader p(req.data);
    engine.audio.AddSpeaker(Id(p, "speakerId"), audio::ReadAnyRateAudioFormat(p));
    res.Ok();
  });

  // speakerId null (or absent) deselects: the playout mix is then discarded.
  ch.OnRequest(protocol::method::kAudioSpeakerSelect, [&engine](const Request& req, const Responder& res) {
    RequireMedia(engine);
    ParamReader p(req.data);
    const std::string id = p.Has("speakerId") ? Id(p, "speakerId") : "";
    engine.media.adm()->SetPlayoutTarget(engine.audio.Select(id));
    res.Ok();
  });

  ch.OnRequest(protocol::method::kAudioSpeakerRead, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    auto speaker = engine.audio.Speaker(Id(p, "speakerId"));
    const AudioFormat format = speaker->device_format();
    const int64_t max_frames = audio::SpeakerDevice::kMaxReadMs * format.sample_rate / 1000;
    const int64_t frames = p.Int("frames", 0, max_frames);
    const bool wait = p.OptBool("wait").value_or(true);
    const int channels = format.channels;
    speaker->Read(frames, wait, [res, channels](std::vector<int16_t> samples, bool complete) {
      res.Ok({{"frames", int64_t(samples.size()) / channels}, {"complete", complete}}, Bytes(samples));
    });
  });

  ch.OnRequest(protocol::method::kAudioSpeakerStats, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    const std::string id = Id(p, "speakerId");
    auto speaker = engine.audio.Speaker(id);
    res.Ok({{"bufferedFrames", speaker->buffered_frames()},
            {"droppedFrames", speaker->dropped_frames()},
            {"selected", engine.audio.selected() == id},
            {"playoutPulls", engine.media.adm() ? engine.media.adm()->pulls() : 0}});
  });

  ch.OnRequest(protocol::method::kAudioSpeakerRelease, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    bool was_selected = false;
    auto speaker = engine.audio.RemoveSpeaker(Id(p, "speakerId"), &was_selected);
    if (was_selected && engine.media.adm()) engine.media.adm()->SetPlayoutTarget(nullptr);
    speaker->CutPendingReads();
    res.Ok();
  });
}

void RegisterRendererHandlers(Engine& engine) {
  engine.channel.OnRequest(protocol::method::kAudioRendererStart, [&engine](const Request& req, const Responder& res) {
    RequireMedia(engine);
    ParamReader p(req.data);
    const std::string id = Id(p, "rendererId");
    const std::string track_id = Id(p, "trackId");
    const AudioFormat format = audio::ReadAnyRateAudioFormat(p);
    const int64_t interval = p.Int("callbackIntervalMs", 10, 10'000);
    if (interval % 10 != 0)
      throw ParamError("callbackIntervalMs",
                       "must be a multiple of 10 ms (audio arrives in 10 ms blocks), got " + std::to_string(interval));
    auto track = engine.tracks.Find(track_id);
    if (!track) throw ParamError("trackId", "no track with id '" + track_id + "'");
    if (track->kind() != webrtc::MediaStreamTrackInterface::kAudioKind)
      throw ParamError("trackId", "track '" + track_id + "' is a " + track->kind() + " track, not an audio track");
    rtc::scoped_refptr<webrtc::AudioTrackInterface> audio_track(static_cast<webrtc::AudioTrackInterface*>(track.get()));
    engine.audio.AddRenderer(id, audio_track,
                             std::make_unique<audio::AudioRenderer>(id, format, int(interval), &engine.channel));
    res.Ok();
  });

  engine.channel.OnRequest(protocol::method::kAudioRendererStop, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    const std::string id = Id(p, "rendererId");
    if (!engine.audio.RemoveRenderer(id)) throw StateError("no audio renderer with id '" + id + "'");
    res.Ok();
  });
}

// "inputs": registry ids of audio tracks, checked one by one so the error names the element.
std::vector<std::string> MixerInputs(const ParamReader& p) {
  constexpr size_t kMaxInputs = 64;
  const json* inputs = p.OptArray("inputs");
  if (!inputs) return {};
  if (inputs->size() > kMaxInputs)
    throw ParamError("inputs", "must list at most " + std::to_string(kMaxInputs) + " tracks");
  std::vector<std::string> ids;
  for (size_t i = 0; i < inputs->size(); ++i) {
    const json& item = (*inputs)[i];
    const std::string field = "inputs[" + std::to_string(i) + "]";
    if (!item.is_string())
      throw ParamError(field, "must be a track id (a string), got " + std::string(item.type_name()));
    const std::string id = item.get<std::string>();
    if (id.empty() || int64_t(id.size()) > kMaxIdLength)
      throw ParamError(field, "must be 1 to " + std::to_string(kMaxIdLength) + " characters");
    ids.push_back(id);
  }
  return ids;
}

rtc::scoped_refptr<audio::MixerSource> Mixer(Engine& engine, const ParamReader& p) {
  const std::string id = Id(p, "mixerId");
  auto mixer = engine.audio.Mixer(id);
  if (!mixer) throw ParamError("mixerId", "no audio mixer with id '" + id + "'");
  return mixer;
}

audio::MixerSource::TrackLookup Lookup(Engine& engine) {
  return [&engine](const std::string& id) { return engine.tracks.Find(id); };
}

void RegisterMixerHandlers(Engine& engine) {
  auto& ch = engine.channel;
  // The mixer runs at the engine rate nearest the one asked for (as push sources do).
  ch.OnRequest(protocol::method::kAudioMixerCreate, [&engine](const Request& req, const Responder& res) {
    RequireMedia(engine);
    ParamReader p(req.data);
    const std::string id = Id(p, "mixerId");
    AudioFormat format = audio::ReadAnyRateAudioFormat(p);
    format.sample_rate = audio::EngineRateFor(format.sample_rate);
    const std::vector<std::string> inputs = MixerInputs(p);
    auto mixer = engine.audio.AddMixer(id, format, engine.media.signaling_thread());
    mixer->SetInputs(inputs, Lookup(engine));
    res.Ok();
  });

  ch.OnRequest(protocol::method::kAudioMixerSetInputs, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    auto mixer = Mixer(engine, p);
    p.Array("inputs");  // required here: an absent list is a mistake, not "no inputs"
    mixer->SetInputs(MixerInputs(p), Lookup(engine));
    res.Ok();
  });

  ch.OnRequest(protocol::method::kAudioMixerStats, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    const audio::MixerCounters c = Mixer(engine, p)->counters();
    res.Ok({{"inputs", c.inputs}, {"framesMixed", c.frames_mixed}, {"underruns", c.underruns}});
  });

  ch.OnRequest(protocol::method::kAudioMixerRelease, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    const std::string id = Id(p, "mixerId");
    if (!engine.audio.RemoveMixer(id)) throw ParamError("mixerId", "no audio mixer with id '" + id + "'");
    res.Ok();
  });
}

void RegisterAudioHandlers(Engine& engine) {
  RegisterMixerHandlers(engine);
  RegisterSourceHandlers(engine);
  RegisterTrackHandlers(engine);
  RegisterSpeakerHandlers(engine);
  RegisterRendererHandlers(engine);
}

const HandlerRegistration kRegistration("audio", RegisterAudioHandlers);

}  // namespace
}  // namespace dn::engine
