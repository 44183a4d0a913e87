// The evidence WebRTC's GMM VAD weighs for one frame, as a continuous number.
//
// WebRtcVad_Process only says 0 or 1. Inside, it extracts six band energies
// (WebRtcVad_CalculateFeatures), scores them against a two-Gaussian noise model
// and a two-Gaussian speech model per band, compares the spectrally weighted
// sum of per-band log2 likelihood ratios with a threshold of the current mode,
// and then adapts both models to the frame. The integer log2 it uses is a
// count of leading zeros, and the scoring function is private to vad_core.c.
//
// So the addon is linked with `--wrap=WebRtcVad_CalculateFeatures`: WebRTC's
// own call to the feature extractor lands in our wrapper, which runs the real
// extractor and, while the models are still those the frame is judged by,
// computes the same weighted log-likelihood ratio in floating point. The VAD's
// decisions and model updates are untouched (a C++ test checks this).
#pragma once

#include <cstddef>
#include <cstdint>

#include <common_audio/vad/vad_core.h>

namespace dn::vad {

// What the wrapped feature extractor saw for one frame.
struct FrameEvidence {
  // Whether the frame had more energy than WebRTC's kMinEnergy. Below that the
  // VAD scores nothing and calls the frame non-speech.
  bool energetic = false;
  // Sum over the six bands of WebRTC's spectral weight times
  // log2(p(band energy | speech model) / p(band energy | noise model)).
  double weighted_llr = 0;
  // The mode's threshold for that sum at this frame length (VadInstT::total).
  double global_threshold = 0;
  // Whether this struct was filled since the capture began.
  bool captured = false;
};

// While an instance lives, frames the VAD analyses on this thread are
// recorded into `out` (the last one wins). Not nestable.
class EvidenceCapture {
 public:
  explicit EvidenceCapture(FrameEvidence& out);
  ~EvidenceCapture();
  EvidenceCapture(const EvidenceCapture&) = delete;
  EvidenceCapture& operator=(const EvidenceCapture&) = delete;
};

// The weighted log2 likelihood ratio of `features` (band energies in Q4, as
// WebRtcVad_CalculateFeatures makes them) under the models held in `vad`.
double WeightedLogLikelihoodRatio(const VadInstT& vad, const int16_t* features);

// Mean of WebRTC's spectral weights {6, 8, 10, 12, 14, 16} (vad_core.c): the
// weighted sum divided by it reads as a log2 likelihood ratio in bits.
constexpr double kMeanSpectralWeight = 11.0;

}  // namespace dn::vad
