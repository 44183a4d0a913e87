// pc.* methods: peer connections driven by the SDK (offer/answer, ICE,
// transceivers for local tracks, stats, DTMF, encoder settings). Results of
// libwebrtc's asynchronous operations are answered from the signaling thread.
#include <algorithm>
#include <cctype>

#include <absl/strings/match.h>

#include "engine/channel/param_reader.h"
#include "engine/core/engine.h"
#include "engine/core/handler_registration.h"
#include "engine/peer/rtp_settings.h"
#include "engine/peer/sdp_observers.h"

namespace dn::engine {
namespace {

namespace method = protocol::method;
namespace params = protocol::params;
using peer::PeerSession;
using PCI = webrtc::PeerConnectionInterface;

constexpr int64_t kMaxSdpBytes = 512 * 1024;
constexpr int kDefaultGatheringTimeoutMs = 10'000;

// Every pc.* params struct has the pcId of its connection.
template <typename Params>
std::shared_ptr<PeerSession> Session(Engine& engine, const Params& p) {
  return engine.peers.Get(p.pcId);
}

// Track and stream ids appear in the SDP (a=msid): keep them to SDP tokens.
std::string SdpToken(const std::string& field, const std::string& value) {
  bool ok = !value.empty() && value.size() <= 64;
  for (unsigned char c : value) ok = ok && c > 0x20 && c < 0x7f;
  if (!ok) throw ParamError(field, "must be 1 to 64 printable characters without spaces, got '" + value + "'");
  return value;
}

// `type` is one of the TS SessionDescription types, which the params struct has checked.
std::unique_ptr<webrtc::SessionDescriptionInterface> ReadDescription(const std::string& type_name,
                                                                     const std::string& sdp) {
  const webrtc::SdpType type = *webrtc::SdpTypeFromString(type_name);
  if (int64_t(sdp.size()) > kMaxSdpBytes) throw ParamError("sdp", "is larger than 512 KiB");
  webrtc::SdpParseError error;
  auto desc = webrtc::CreateSessionDescription(type, sdp, &error);
  if (!desc) {
    std::string where = error.line.empty() ? "" : " at line '" + error.line.substr(0, 120) + "'";
    throw ParamError("sdp", "could not parse the SDP" + where + ": " + error.description);
  }
  return desc;
}

json DescriptionJson(const webrtc::SessionDescriptionInterface* desc) {
  if (!desc) return nullptr;
  std::string sdp;
  desc->ToString(&sdp);
  return {{"type", webrtc::SdpTypeToString(desc->GetType())}, {"sdp", sdp}};
}

// A local track as a sender should carry it: the registry's own track, or a
// sibling on the same source when the SDP must show another track id.
rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> SenderTrack(Engine& engine, const std::string& track_id,
                                                                  const std::string& sdp_track_id) {
  auto track = engine.tracks.Find(track_id);
  if (!track) throw ParamError("trackId", "no track with id '" + track_id + "'");
  if (sdp_track_id == track->id()) return track;
  if (track->kind() == webrtc::MediaStreamTrackInterface::kAudioKind) {
    auto* audio = static_cast<webrtc::AudioTrackInterface*>(track.get());
    return engine.media.factory()->CreateAudioTrack(sdp_track_id, audio->GetSource());
  }
  auto* video = static_cast<webrtc::VideoTrackInterface*>(track.get());
  return engine.media.factory()->CreateVideoTrack(sdp_track_id, video->GetSource());
}

void Fail(const Responder& res, const webrtc::RTCError& error, const std::string& what, const std::string& field = "") {
  res.Error(field.empty() ? protocol::error::kInvalidState : protocol::error::kInvalidArgument,
            what + ": " + error.message(), field);
}

void RegisterLifecycle(Engine& engine) {
  auto& ch = engine.channel;
  ch.Handle(method::kPcCreate, [&engine](const params::PcCreate& p, const Responder& res) {
    if (!engine.media.started()) throw StateError("the media engine is not initialized (engine.init was not called)");
    const std::string& id = p.pcId;
    if (id.empty() || id.size() > 128 || id.find(':') != std::string::npos)
      throw ParamError("pcId", "must be 1 to 128 characters without ':'");
    if (engine.peers.Has(id)) throw StateError("a peer connection with id '" + id + "' already exists");
    const peer::PeerConfig config = peer::ReadPeerConfig(p);
    auto session = std::make_shared<PeerSession>(id, engine.channel, engine.media, engine.tracks);
    session->Open(config);
    engine.peers.Add(session);
    res.Ok();
  });

  ch.Handle(method::kPcClose, [&engine](const params::PcClose& p, const Responder& res) {
    engine.peers.Remove(p.pcId)->Close();
    res.Ok();
  });

  ch.Handle(method::kPcTransceivers, [&engine](const params::PcTransceivers& p, const Responder& res) {
    res.Ok({{"transceivers", Session(engine, p)->TransceiversJson()}});
  });

  ch.Handle(method::kPcLocalDescription, [&engine](const params::PcLocalDescription& p, const Responder& res) {
    auto pc = Session(engine, p)->pc();
    json local =
        engine.media.signaling_thread()->BlockingCall([&] { return DescriptionJson(pc->local_description()); });
    json remote =
        engine.media.signaling_thread()->BlockingCall([&] { return DescriptionJson(pc->remote_description()); });
    res.Ok({{"local", local}, {"remote", remote}});
  });
}

void RegisterNegotiation(Engine& engine) {
  auto& ch = engine.channel;
  // Offers and answers differ in their params only by iceRestart.
  auto create_sdp = [&engine](const std::string& pc_id, bool offer, bool ice_restart, const Responder& res) {
    auto pc = engine.peers.Get(pc_id)->pc();
    PCI::RTCOfferAnswerOptions options;
    options.ice_restart = ice_restart;
    auto observer = rtc::make_ref_counted<peer::CreateSdpObserver>(
        [res, offer](std::unique_ptr<webrtc::SessionDescriptionInterface> desc, webrtc::RTCError error) {
          if (!desc) return Fail(res, error, offer ? "createOffer failed" : "createAnswer failed");
          res.Ok(DescriptionJson(desc.get()));
        });
    if (offer)
      pc->CreateOffer(observer.get(), options);
    else
      pc->CreateAnswer(observer.get(), options);
  };
  ch.Handle(method::kPcCreateOffer, [create_sdp](const params::PcCreateOffer& p, const Responder& res) {
    create_sdp(p.pcId, true, p.iceRestart.value_or(false), res);
  });
  ch.Handle(method::kPcCreateAnswer, [create_sdp](const params::PcCreateAnswer& p, const Responder& res) {
    create_sdp(p.pcId, false, false, res);
  });

  // Without "sdp" the description is created implicitly (offer or answer as the
  // signaling state needs). waitForGathering answers only once every local
  // candidate is in the SDP: what a non-trickle peer such as Janus needs.
  ch.Handle(method::kPcSetLocalDescription, [&engine](const params::PcSetLocalDescription& p, const Responder& res) {
    auto session = Session(engine, p);
    auto pc = session->pc();
    std::unique_ptr<webrtc::SessionDescriptionInterface> desc;
    if (p.sdp) {
      if (!p.type) throw ParamError("type", "is required");
      desc = ReadDescription(*p.type, *p.sdp);
    }
    const bool wait = p.waitForGathering.value_or(false);
    const int timeout_ms =
        int(IntInRange("gatheringTimeoutMs", p.gatheringTimeoutMs, 100, 120'000).value_or(kDefaultGatheringTimeoutMs));
    std::weak_ptr<PeerSession> weak = session;
    auto answer = [res, weak, pc](bool gathering_complete) {
      auto s = weak.lock();
      if (!s) return res.Error(protocol::error::kInvalidState, "the peer connection was closed");
      json out = DescriptionJson(pc->local_description());
      out["gatheringComplete"] = gathering_complete;
      out["transceivers"] = s->TransceiversJson();
      res.Ok(out);
    };
    auto observer = rtc::make_ref_counted<peer::SetLocalObserver>(
        [res, weak, pc, wait, timeout_ms, answer](webrtc::RTCError error) {
          if (!error.ok()) return Fail(res, error, "setLocalDescription failed", "sdp");
          auto s = weak.lock();
          if (!s) return res.Error(protocol::error::kInvalidState, "the peer connection was closed");
          if (!wait) return answer(pc->ice_gathering_state() == PCI::kIceGatheringComplete);
          s->WhenGatheringComplete(answer, timeout_ms);
        });
    if (desc)
      pc->SetLocalDescription(std::move(desc), observer);
    else
      pc->SetLocalDescription(observer);
  });

  ch.Handle(method::kPcSetRemoteDescription, [&engine](const params::PcSetRemoteDescription& p, const Responder& res) {
    auto session = Session(engine, p);
    auto pc = session->pc();
    auto desc = ReadDescription(p.type, p.sdp);
    std::weak_ptr<PeerSession> weak = session;
    auto observer = rtc::make_ref_counted<peer::SetRemoteObserver>([res, weak](webrtc::RTCError error) {
      if (!error.ok()) return Fail(res, error, "setRemoteDescription failed", "sdp");
      auto s = weak.lock();
      if (!s) return res.Error(protocol::error::kInvalidState, "the peer connection was closed");
      s->FlushRemoteCandidates();
      s->RefreshTelephoneEventPayloads();
      res.Ok({{"transceivers", s->TransceiversJson()}});
    });
    pc->SetRemoteDescription(std::move(desc), observer);
  });

  // An empty candidate is the end-of-candidates marker: nothing to add.
  ch.Handle(method::kPcAddIceCandidate, [&engine](const params::PcAddIceCandidate& p, const Responder& res) {
    auto session = Session(engine, p);
    const std::string& text = p.candidate;
    if (text.empty()) return res.Ok();
    if (text.size() > 4096) throw ParamError("candidate", "is longer than 4096 characters");
    const std::string mid = p.sdpMid.value_or("");
    const int64_t index = IntInRange("sdpMLineIndex", p.sdpMLineIndex, 0, 1023).value_or(-1);
    if (mid.empty() && index < 0) throw ParamError("sdpMid", "sdpMid or sdpMLineIndex is required");
    webrtc::SdpParseError error;
    std::unique_ptr<webrtc::IceCandidateInterface> candidate(
        webrtc::CreateIceCandidate(mid, int(index < 0 ? 0 : index), text, &error));
    if (!candidate) throw ParamError("candidate", "could not parse the candidate: " + error.description);
    session->AddRemoteCandidate(std::move(candidate), [res](webrtc::RTCError err) {
      if (!err.ok()) return Fail(res, err, "addIceCandidate failed", "candidate");
      res.Ok();
    });
  });

  ch.Handle(method::kPcRestartIce, [&engine](const params::PcRestartIce& p, const Responder& res) {
    Session(engine, p)->pc()->RestartIce();
    res.Ok();
  });
}

void RegisterTransceivers(Engine& engine) {
  auto& ch = engine.channel;
  ch.Handle(method::kPcAddTrack, [&engine](const params::PcAddTrack& p, const Responder& res) {
    auto session = Session(engine, p);
    const std::string& track_id = p.trackId;
    auto registry_track = engine.tracks.Find(track_id);
    if (!registry_track) throw ParamError("trackId", "no track with id '" + track_id + "'");
    const bool is_audio = registry_track->kind() == webrtc::MediaStreamTrackInterface::kAudioKind;
    const std::string sdp_track_id =
        SdpToken(p.sdpTrackId ? "sdpTrackId" : "trackId", p.sdpTrackId.value_or(registry_track->id()));
    webrtc::RtpTransceiverInit init;
    if (p.direction) init.direction = peer::DirectionFrom("direction", *p.direction);
    if (p.streamIds) {
      if (p.streamIds->size() > 8) throw ParamError("streamIds", "has more than 8 entries");
      for (size_t i = 0; i < p.streamIds->size(); ++i)
        init.stream_ids.push_back(SdpToken("streamIds[" + std::to_string(i) + "]", (*p.streamIds)[i]));
    } else {
      init.stream_ids.push_back(sdp_track_id);
    }
    if (p.sendEncodings) init.send_encodings = peer::ReadEncodings(*p.sendEncodings, "sendEncodings", is_audio);
    auto track = SenderTrack(engine, track_id, sdp_track_id);
    auto pc = session->pc();
    PeerSession::Transceiver transceiver;
    if (p.direction || p.sendEncodings) {
      auto result = pc->AddTransceiver(track, init);
      if (!result.ok()) return Fail(res, result.error(), "addTrack failed");
      transceiver = result.value();
    } else {
      // W3C addTrack: reuses a transceiver that a remote offer created and
      // nothing sends on yet, so an answer can carry this track.
      auto result = pc->AddTrack(track, init.stream_ids);
      if (!result.ok()) return Fail(res, result.error(), "addTrack failed");
      for (const auto& t : pc->GetTransceivers())
        if (t->sender().get() == result.value().get()) transceiver = t;
      if (!transceiver) throw StateError("libwebrtc added the track but no transceiver holds its sender");
    }
    const std::string tid = session->TransceiverId(transceiver);
    session->SetLocalTrackId(tid, track_id);
    res.Ok({{"transceiverId", tid}, {"kind", is_audio ? "audio" : "video"}});
  });

  ch.Handle(method::kPcAddTransceiver, [&engine](const params::PcAddTransceiver& p, const Responder& res) {
    auto session = Session(engine, p);
    const bool is_audio = p.kind == "audio";
    webrtc::RtpTransceiverInit init;
    init.direction =
        p.direction ? peer::DirectionFrom("direction", *p.direction) : webrtc::RtpTransceiverDirection::kRecvOnly;
    auto result = session->pc()->AddTransceiver(is_audio ? cricket::MEDIA_TYPE_AUDIO : cricket::MEDIA_TYPE_VIDEO, init);
    if (!result.ok()) return Fail(res, result.error(), "addTransceiver failed");
    res.Ok({{"transceiverId", session->TransceiverId(result.value())}, {"kind", is_audio ? "audio" : "video"}});
  });

  // trackId null (or absent) detaches the sender's track: it sends nothing.
  ch.Handle(method::kPcReplaceTrack, [&engine](const params::PcReplaceTrack& p, const Responder& res) {
    auto session = Session(engine, p);
    const std::string& tid = p.transceiverId;
    auto transceiver = session->FindTransceiver(tid);
    rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track;
    std::string track_id;
    if (p.trackId) {
      track_id = *p.trackId;
      track = engine.tracks.Find(track_id);
      if (!track) throw ParamError("trackId", "no track with id '" + track_id + "'");
      const std::string kind = transceiver->media_type() == cricket::MEDIA_TYPE_AUDIO ? "audio" : "video";
      if (track->kind() != kind)
        throw ParamError("trackId",
                         "track '" + track_id + "' is " + track->kind() + " but transceiver '" + tid + "' is " + kind);
    }
    if (!transceiver->sender()->SetTrack(track.get()))
      throw StateError("libwebrtc refused to set the track of transceiver '" + tid + "'");
    session->SetLocalTrackId(tid, track_id);
    res.Ok();
  });

  ch.Handle(method::kPcSetDirection, [&engine](const params::PcSetDirection& p, const Responder& res) {
    auto session = Session(engine, p);
    auto transceiver = session->FindTransceiver(p.transceiverId);
    auto error = transceiver->SetDirectionWithError(peer::DirectionFrom("direction", p.direction));
    if (!error.ok()) return Fail(res, error, "setDirection failed", "direction");
    res.Ok();
  });

  ch.Handle(method::kPcStopTransceiver, [&engine](const params::PcStopTransceiver& p, const Responder& res) {
    auto session = Session(engine, p);
    auto error = session->FindTransceiver(p.transceiverId)->StopStandard();
    if (!error.ok()) return Fail(res, error, "stopTransceiver failed");
    res.Ok();
  });
}

json EncodingsJson(const webrtc::RtpParameters& params) {
  json list = json::array();
  for (const auto& e : params.encodings) {
    json j = {{"active", e.active}};
    if (!e.rid.empty()) j["rid"] = e.rid;
    if (e.max_bitrate_bps) j["maxBitrate"] = *e.max_bitrate_bps;
    if (e.max_framerate) j["maxFramerate"] = *e.max_framerate;
    if (e.scale_resolution_down_by) j["scaleResolutionDownBy"] = *e.scale_resolution_down_by;
    list.push_back(j);
  }
  return list;
}

void RegisterEncoding(Engine& engine) {
  auto& ch = engine.channel;
  ch.Handle(method::kPcSetEncodings, [&engine](const params::PcSetEncodings& p, const Responder& res) {
    auto session = Session(engine, p);
    auto transceiver = session->FindTransceiver(p.transceiverId);
    const bool is_audio = transceiver->media_type() == cricket::MEDIA_TYPE_AUDIO;
    auto sender = transceiver->sender();
    if (p.degradationPreference && is_audio) throw ParamError("degradationPreference", "applies to video only");
    // The parameters as they are now, with the request's changes applied.
    auto changed = [&] {
      webrtc::RtpParameters params = sender->GetParameters();
      if (p.encodings) peer::ApplyEncodings(*p.encodings, "encodings", is_audio, params);
      if (p.degradationPreference)
        params.degradation_preference = peer::DegradationPreferenceFrom(*p.degradationPreference);
      return params;
    };
    const webrtc::RtpParameters before = sender->GetParameters();
    webrtc::RtpParameters params = changed();
    // libwebrtc (M108) applies a new audio maxBitrate only at the next
    // bandwidth allocation, which a settled connection may never make;
    // pausing the encoding for a moment re-registers the stream at once.
    const bool restart_audio = is_audio && !before.encodings.empty() && before.encodings[0].active &&
                               params.encodings[0].active &&
                               params.encodings[0].max_bitrate_bps != before.encodings[0].max_bitrate_bps;
    if (restart_audio) {
      webrtc::RtpParameters paused = params;
      paused.encodings[0].active = false;
      auto error = sender->SetParameters(paused);
      if (!error.ok()) return Fail(res, error, "setEncodings failed", "encodings");
      params = changed();
      params.encodings[0].active = true;
    }
    auto error = sender->SetParameters(params);
    if (!error.ok()) return Fail(res, error, "setEncodings failed", "encodings");
    res.Ok({{"encodings", EncodingsJson(sender->GetParameters())}});
  });

  ch.Handle(method::kPcGetEncodings, [&engine](const params::PcGetEncodings& p, const Responder& res) {
    auto transceiver = Session(engine, p)->FindTransceiver(p.transceiverId);
    auto params = transceiver->sender()->GetParameters();
    json out = {{"encodings", EncodingsJson(params)}};
    if (params.degradation_preference) {
      static const char* kNames[] = {"disabled", "maintain-framerate", "maintain-resolution", "balanced"};
      out["degradationPreference"] = kNames[int(*params.degradation_preference)];
    }
    res.Ok(out);
  });

  ch.Handle(method::kPcSetBitrate, [&engine](const params::PcSetBitrate& p, const Responder& res) {
    auto session = Session(engine, p);
    webrtc::BitrateSettings settings;
    constexpr int64_t kMax = 100'000'000;
    if (auto v = IntInRange("minBitrateBps", p.minBitrateBps, 1000, kMax)) settings.min_bitrate_bps = int(*v);
    if (auto v = IntInRange("startBitrateBps", p.startBitrateBps, 1000, kMax)) settings.start_bitrate_bps = int(*v);
    if (auto v = IntInRange("maxBitrateBps", p.maxBitrateBps, 1000, kMax)) settings.max_bitrate_bps = int(*v);
    if (settings.min_bitrate_bps && settings.start_bitrate_bps &&
        *settings.min_bitrate_bps > *settings.start_bitrate_bps)
      throw ParamError("startBitrateBps", "must not be below minBitrateBps");
    if (settings.start_bitrate_bps && settings.max_bitrate_bps &&
        *settings.start_bitrate_bps > *settings.max_bitrate_bps)
      throw ParamError("startBitrateBps", "must not be above maxBitrateBps");
    if (settings.min_bitrate_bps && settings.max_bitrate_bps && *settings.min_bitrate_bps > *settings.max_bitrate_bps)
      throw ParamError("maxBitrateBps", "must not be below minBitrateBps");
    auto error = session->pc()->SetBitrate(settings);
    if (!error.ok()) return Fail(res, error, "setBitrate failed");
    res.Ok();
  });
}

void RegisterStatsAndDtmf(Engine& engine) {
  auto& ch = engine.channel;
  ch.Handle(method::kPcStats, [&engine](const params::PcStats& p, const Responder& res) {
    auto session = Session(engine, p);
    const bool raw = p.raw.value_or(false);
    std::weak_ptr<PeerSession> weak = session;
    auto observer = rtc::make_ref_counted<peer::StatsObserver>(
        [res, weak, raw](const rtc::scoped_refptr<const webrtc::RTCStatsReport>& report) {
          auto s = weak.lock();
          if (!s) return res.Error(protocol::error::kInvalidState, "the peer connection was closed");
          res.Ok(s->stats().Summarize(
              *report, [&s](const std::string& mid, bool outbound) { return s->TrackIdForMid(mid, outbound); }, raw));
        });
    session->pc()->GetStats(observer.get());
  });

  ch.Handle(method::kPcInsertDtmf, [&engine](const params::PcInsertDtmf& p, const Responder& res) {
    auto session = Session(engine, p);
    const std::string& tones = p.tones;
    if (tones.empty() || tones.size() > 256) throw ParamError("tones", "must be 1 to 256 characters");
    for (char c : tones) {
      const char u = char(std::toupper(static_cast<unsigned char>(c)));
      if (!std::isdigit(static_cast<unsigned char>(u)) && u != '*' && u != '#' && u != ',' && (u < 'A' || u > 'D'))
        throw ParamError("tones", std::string("'") + c + "' is not a DTMF tone (0-9, A-D, *, #, and ',' for a pause)");
    }
    const int duration = int(IntInRange("durationMs", p.durationMs, 40, 6000).value_or(100));
    const int gap = int(IntInRange("interToneGapMs", p.interToneGapMs, 30, 6000).value_or(70));
    session->InsertDtmf(p.transceiverId, tones, duration, gap);
    res.Ok();
  });
}

// The factory's sender codecs named in `codecs` (case-insensitive), in that
// order; a name matches every clock rate and variant the engine has.
std::vector<webrtc::RtpCodecCapability> PreferredCodecs(const std::vector<webrtc::RtpCodecCapability>& available,
                                                        const std::vector<std::string>& codecs) {
  std::vector<webrtc::RtpCodecCapability> chosen;
  for (size_t i = 0; i < codecs.size(); ++i) {
    const std::string field = "codecs[" + std::to_string(i) + "]";
    const std::string& name = codecs[i];
    std::string known;
    bool found = false;
    for (const auto& codec : available) {
      if (known.find(codec.name + ",") == std::string::npos) known += codec.name + ",";
      if (!absl::EqualsIgnoreCase(codec.name, name)) continue;
      found = true;
      bool seen = false;
      for (const auto& c : chosen) seen = seen || c == codec;
      if (!seen) chosen.push_back(codec);
    }
    if (!known.empty()) known.pop_back();
    if (!found) throw ParamError(field, "'" + name + "' is not a codec of this engine for this kind (" + known + ")");
  }
  return chosen;
}

json CodecNames(const std::vector<webrtc::RtpCodecCapability>& codecs) {
  json names = json::array();
  for (const auto& codec : codecs)
    if (std::find(names.begin(), names.end(), codec.name) == names.end()) names.push_back(codec.name);
  return names;
}

// An empty list goes back to every codec of the engine, in its own order.
void RegisterCodecPreferences(Engine& engine) {
  auto& ch = engine.channel;
  ch.Handle(method::kPcSetCodecPreferences, [&engine](const params::PcSetCodecPreferences& p, const Responder& res) {
    auto session = Session(engine, p);
    auto transceiver = session->FindTransceiver(p.transceiverId);
    const std::vector<std::string>& requested = p.codecs;
    if (requested.size() > 32) throw ParamError("codecs", "must list at most 32 codecs");
    const auto available = engine.media.factory()->GetRtpSenderCapabilities(transceiver->media_type()).codecs;
    auto chosen = PreferredCodecs(available, requested);
    const webrtc::RTCError error = transceiver->SetCodecPreferences(chosen);
    if (!error.ok()) throw ParamError("codecs", std::string("libwebrtc refused them: ") + error.message());
    res.Ok({{"codecs", CodecNames(chosen)}});
  });
}

void RegisterPeerHandlers(Engine& engine) {
  RegisterCodecPreferences(engine);
  RegisterLifecycle(engine);
  RegisterNegotiation(engine);
  RegisterTransceivers(engine);
  RegisterEncoding(engine);
  RegisterStatsAndDtmf(engine);
}

const HandlerRegistration kRegistration("peer", RegisterPeerHandlers);

}  // namespace
}  // namespace dn::engine
