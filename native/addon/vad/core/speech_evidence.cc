#include "addon/vad/core/speech_evidence.h"

#include <bit>
#include <cstring>

#include <common_audio/vad/vad_filterbank.h>

#include "addon/vad/core/fast_exp_log.h"

// On x86-64 the evidence is also compiled for x86-64-v3 (AVX2, FMA) and the
// loader picks that copy where the CPU has it: about a fifth quicker.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define DN_VAD_TARGET_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define DN_VAD_TARGET_CLONES
#endif

namespace dn::vad {
namespace {

// Model constants of WebRTC's VAD (vad_core.c). They are data, not state, so
// VadInstT does not hold them; the values were read from the .rodata of the
// vad_core.c.o that CMake extracts from libtg_owt.a.
// Mixture weights (Q7) of the two Gaussians of each band, laid out like
// VadInstT's tables: Gaussian 0 of the six bands, then Gaussian 1.
constexpr int16_t kNoiseWeights[kTableSize] = {34, 62, 72, 66, 53, 25, 94, 66, 56, 62, 75, 103};
constexpr int16_t kSpeechWeights[kTableSize] = {48, 82, 45, 87, 50, 47, 80, 46, 83, 41, 78, 81};
// How much each band's log2 likelihood ratio counts in the global decision.
constexpr int16_t kSpectralWeights[kNumChannels] = {6, 8, 10, 12, 14, 16};
static_assert(kMeanSpectralWeight * kNumChannels == 6 + 8 + 10 + 12 + 14 + 16);

constexpr float kLog2E = 1.44269504f;
// The six bands occupy two FloatLanes ("halves"): bands 0-3, then bands 4-5
// and two padding lanes that hold a harmless unit Gaussian and weigh 0.
constexpr int kLanes = 4;
constexpr int kHalves = 2;
static_assert(kNumChannels <= kLanes * kHalves);

thread_local FrameEvidence* t_capture = nullptr;

using ShortLanes = int16_t __attribute__((vector_size(16)));

// Lanes 0-3 (or 4-7 with High) of `v` as floats. Each value goes into the
// high half of a 32-bit lane (the value times 65536, exactly), which converts
// in one SIMD step; converting int16 lanes directly goes one lane at a time.
template <bool High>
FloatLanes Widen(ShortLanes v) {
  // The exact interleave pattern, so that it compiles to punpck[lh]wd.
  constexpr int z = High ? 4 : 0, k = z + 8;
  const IntLanes scaled =
      std::bit_cast<IntLanes>(__builtin_shufflevector(ShortLanes{}, v, z, k, z + 1, k + 1, z + 2, k + 2, z + 3, k + 3));
  return __builtin_convertvector(scaled, FloatLanes) * (1.0f / 65536.0f);
}

// A VadInstT-layout table as float lanes: lanes[gaussian][half], with
// `padding` in the lanes past the sixth band.
struct TableLanes {
  FloatLanes lanes[2][kHalves];
};

TableLanes LoadTable(const int16_t* table, float padding) {
  ShortLanes head, tail;
  std::memcpy(&head, table, sizeof head);      // entries 0-7
  std::memcpy(&tail, table + 4, sizeof tail);  // entries 4-11
  const FloatLanes e0 = Widen<false>(head);    // Gaussian 0, bands 0-3
  const FloatLanes e1 = Widen<true>(head);     // Gaussian 0, bands 4-5; Gaussian 1, bands 0-1
  const FloatLanes e2 = Widen<true>(tail);     // Gaussian 1, bands 2-5
  const FloatLanes pad = Splat(padding);
  TableLanes out;
  out.lanes[0][0] = e0;
  out.lanes[0][1] = __builtin_shufflevector(e1, pad, 0, 1, 4, 5);
  out.lanes[1][0] = __builtin_shufflevector(e1, e2, 2, 3, 4, 5);
  out.lanes[1][1] = __builtin_shufflevector(e2, pad, 2, 3, 4, 5);
  return out;
}

// LoadTable for a constant table, at compile time.
constexpr FloatLanes ConstantLanes(const int16_t* values, int half, float padding) {
  const auto at = [&](int lane) {
    const int band = half * kLanes + lane;
    return band < kNumChannels ? static_cast<float>(values[band]) : padding;
  };
  return FloatLanes{at(0), at(1), at(2), at(3)};
}

constexpr TableLanes ConstantTable(const int16_t (&table)[kTableSize], float padding) {
  return {{{ConstantLanes(table, 0, padding), ConstantLanes(table, 1, padding)},
           {ConstantLanes(table + kNumChannels, 0, padding), ConstantLanes(table + kNumChannels, 1, padding)}}};
}

constexpr TableLanes kNoiseWeightLanes = ConstantTable(kNoiseWeights, 1.0f);
constexpr TableLanes kSpeechWeightLanes = ConstantTable(kSpeechWeights, 1.0f);
constexpr FloatLanes kSpectralWeightLanes[kHalves] = {ConstantLanes(kSpectralWeights, 0, 0.0f),
                                                      ConstantLanes(kSpectralWeights, 1, 0.0f)};

// One half's two-Gaussian mixture densities under one model, in bits and up
// to a constant shared by both models, kept as `log2(scale) - exponent` so
// that the far tail never underflows: features can sit hundreds of deviations
// from a mean, where the density itself is 0 in any float format.
struct BandScores {
  FloatLanes exponent;
  FloatLanes scale;
};

// p(x) ∝ Σ_k (w_k / s_k) · 2^(-log2(e) · (x - m_k)² / (2 s_k²)), in Q7 units.
[[gnu::always_inline]] inline BandScores ScoreBands(FloatLanes x, int half, const TableLanes& means,
                                                    const TableLanes& stds, const TableLanes& weights) {
  const FloatLanes r0 = 1.0f / stds.lanes[0][half];
  const FloatLanes r1 = 1.0f / stds.lanes[1][half];
  const FloatLanes d0 = (x - means.lanes[0][half]) * r0;
  const FloatLanes d1 = (x - means.lanes[1][half]) * r1;
  const FloatLanes q0 = (0.5f * kLog2E) * d0 * d0;
  const FloatLanes q1 = (0.5f * kLog2E) * d1 * d1;
  const FloatLanes a0 = weights.lanes[0][half] * r0;
  const FloatLanes a1 = weights.lanes[1][half] * r1;
  // a0·2^-q0 + a1·2^-q1 = 2^-q_near · (a_near + a_far · 2^-(q_far - q_near))
  const IntLanes first_nearer = q0 <= q1;
  const FloatLanes q_near = first_nearer ? q0 : q1, q_far = first_nearer ? q1 : q0;
  const FloatLanes a_near = first_nearer ? a0 : a1, a_far = first_nearer ? a1 : a0;
  return {q_near, a_near + a_far * FastExp2(q_near - q_far)};
}

}  // namespace

EvidenceCapture::EvidenceCapture(FrameEvidence& out) {
  out.captured = false;
  t_capture = &out;
}

EvidenceCapture::~EvidenceCapture() { t_capture = nullptr; }

DN_VAD_TARGET_CLONES double WeightedLogLikelihoodRatio(const VadInstT& vad, const int16_t* features) {
  const TableLanes noise_means = LoadTable(vad.noise_means, 0.0f), noise_stds = LoadTable(vad.noise_stds, 1.0f);
  const TableLanes speech_means = LoadTable(vad.speech_means, 0.0f), speech_stds = LoadTable(vad.speech_stds, 1.0f);
  // The feature vector has only six entries: no eight-value load here.
  const FloatLanes x_by_half[kHalves] = {
      FloatLanes{static_cast<float>(features[0]), static_cast<float>(features[1]), static_cast<float>(features[2]),
                 static_cast<float>(features[3])},
      FloatLanes{static_cast<float>(features[4]), static_cast<float>(features[5]), 0.0f, 0.0f}};
  FloatLanes weighted{};
  for (int half = 0; half < kHalves; ++half) {
    // Features are Q4, means and deviations Q7: compare in Q7.
    const FloatLanes x = x_by_half[half] * 8.0f;
    const BandScores noise = ScoreBands(x, half, noise_means, noise_stds, kNoiseWeightLanes);
    const BandScores speech = ScoreBands(x, half, speech_means, speech_stds, kSpeechWeightLanes);
    // Two logarithms side by side are quicker than a division and then one.
    const FloatLanes log2_ratio = (noise.exponent - speech.exponent) + (FastLog2(speech.scale) - FastLog2(noise.scale));
    weighted += log2_ratio * kSpectralWeightLanes[half];
  }
  return weighted[0] + weighted[1] + weighted[2] + weighted[3];
}

}  // namespace dn::vad

// --wrap=WebRtcVad_CalculateFeatures sends vad_core.c's call here; the linker
// resolves __real_ to the library's extractor. These names are the linker's
// convention, hence the reserved identifiers.
extern "C" int16_t __real_WebRtcVad_CalculateFeatures(VadInstT* self, const int16_t* data_in, size_t data_length,
                                                      int16_t* features);

extern "C" int16_t __wrap_WebRtcVad_CalculateFeatures(VadInstT* self, const int16_t* data_in, size_t data_length,
                                                      int16_t* features) {
  const int16_t total_power = __real_WebRtcVad_CalculateFeatures(self, data_in, data_length, features);
  dn::vad::FrameEvidence* out = dn::vad::t_capture;
  if (out == nullptr) return total_power;
  out->captured = true;
  out->energetic = total_power > kMinEnergy;
  // VadInstT::total holds the mode's thresholds for 10, 20 and 30 ms frames;
  // data_length is the frame at 8 kHz (80, 160 or 240 samples).
  const size_t length_index = data_length <= 80 ? 0 : data_length <= 160 ? 1 : 2;
  out->global_threshold = self->total[length_index];
  out->weighted_llr = out->energetic ? dn::vad::WeightedLogLikelihoodRatio(*self, features) : 0.0;
  return total_power;
}
