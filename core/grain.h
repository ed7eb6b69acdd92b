/* Separable Bokeh: the photo's grain, measured and restored in the blur.
 *
 * A blur removes grain: a blurred background beside a sharp, grainy
 * subject looks pasted.  This measures the grain of the original and adds
 * grain of the same strength and spectrum to the blurred output, in
 * proportion to how much each pixel was blurred (issue 22).
 *
 * Where.  Grain is measured and added in perceptual values (the image's
 * own colour space with its tone curve: "R'G'B'A float", "Y'A float", …,
 * unpremultiplied): film grain is uniform in density and a camera's noise,
 * after its tone curve, is roughly uniform in encoded values, while in
 * linear light its σ grows with the signal (shot noise, √I) and a uniform
 * σ would drown the shadows and vanish in the highlights.  Added to the
 * unpremultiplied colour, grain on a semi-transparent pixel shows as
 * much as the pixel does; alpha is never touched.
 *
 * Measure.  The region is cut into blocks of SBOKEH_GRAIN_BLOCK²
 * pixels; from each colour channel of each block its best quadratic
 * surface is removed (a high-pass: what is left of a smooth photo is its
 * grain), and the residual's variance summed over the channels is the
 * block's score.  Blocks with transparent or clipped pixels are left
 * out.  Edges and texture raise a score, so the flattest
 * SBOKEH_GRAIN_FLAT_FRACTION of the blocks hold grain alone: their mean
 * (cross-)periodogram, by a 2-D FFT, is the grain's spectrum S_cd(k).
 * Taking the lowest scores biases their variance low; for pure noise the
 * score is a scaled χ²_ν with ν = (Σ_k tr S_k)² / Σ_k ‖S_k‖²
 * (Satterthwaite, from the spectrum itself: 1000 for white noise in a
 * block of 1024 pixels, fewer for correlated grain), so the mean of the
 * lowest fraction p is F_{ν+2}(F_ν⁻¹ (p)) / p of the true mean, and is
 * divided by it.  The quadratic removes the grain's lowest frequencies
 * too: the 3 × 3 bins around DC are set to the mean of the ring around
 * them.  Then σ_c² = Σ_k S_cc(k) / SBOKEH_GRAIN_BLOCK⁴, the correlation
 * between channels from the cross-spectra, and per channel the
 * zero-phase kernel h_c = IDFT (√S_cc), whose autocorrelation is the
 * grain's: cut to the smallest reach holding SBOKEH_GRAIN_KERNEL_ENERGY
 * of its energy (at most SBOKEH_GRAIN_REACH_MAX) and normalised to unit
 * energy.  The monochrome kernel comes from the channels' mean
 * normalised spectrum.
 *
 * Add.  White noise from a counter-based hash of (seed, x, y, field), so
 * that a pixel's grain depends on its coordinates only, never on the
 * region, tiling or threads: the same input and seed give the same bytes.
 * Each value is a sum of four 16-bit uniforms (Irwin–Hall: variance
 * exact, tails cut at 3.46 σ, invisible in grain), exact in integers.
 * Monochrome: one field, filtered by the monochrome kernel, times σ_c per
 * channel.  Colour: one field per channel, mixed by the Cholesky factor of
 * the measured correlation (independent fields for a photo whose channels
 * are independent), each filtered by its channel's kernel, times σ_c.
 * Then v_c += amount · w · σ_c · n_c with the weight
 *   w (r) = √(max (0, 1 − 1 / (π r²)))
 * for a pixel blurred by radius r: a disk of area π r² keeps 1 / (π r²)
 * of white grain's variance, the grain adds the rest, so that the total
 * is the photo's.  w = 0 below r = 1 / √π ≈ 0.56 (a pixel in focus),
 * 0.83 at r = 1, 0.98 at r = 3.  Pixels with w = 0 (or alpha 0) keep
 * their bytes exactly.
 *
 * Cost.  Measure: one read of the region, seven sums per value; FFTs of
 * at most SBOKEH_GRAIN_PSD_BLOCKS blocks.  Add: a read and a write of the
 * region, a hash per value and field, (2 reach + 1)² multiply-adds per
 * field (1 for white grain, 25 for grain correlated over a pixel), on
 * GEGL's threads.  docs/grain.md has the figures.
 *
 * Precision (tests/unit/test-grain.c): σ within a few % on smooth or
 * edgy images with known noise; the synthesised grain's lag-1 and lag-2
 * autocorrelation within 0.05 of the photo's.
 */
#ifndef SBOKEH_GRAIN_H
#define SBOKEH_GRAIN_H

#include <gegl.h>

#include "params.h"
#include "status.h"

/* The amount: the parameter grain's range (params.h).  */
#define SBOKEH_GRAIN_AMOUNT_MIN SBOKEH_GRAIN_MIN
#define SBOKEH_GRAIN_AMOUNT_MAX SBOKEH_GRAIN_MAX

/* The noise's seed: one for every run, so that the same photo and
 * settings give the same bytes.  */
#define SBOKEH_GRAIN_SEED 0x5b0ce11u

/* Colour channels measured at most (RGB; gray has one).  */
#define SBOKEH_GRAIN_CHANNELS_MAX 3

/* The block side: a power of two for the FFT.  32 resolves a spectrum in
 * steps of 1/32 cycle per pixel, and its quadratic takes 6 of 1024
 * degrees of freedom (0.6 % of white grain's variance); 16 blocks would
 * lose 2.3 %, and their quadratic would cut grain correlated over a few
 * pixels.  */
#define SBOKEH_GRAIN_BLOCK 32

/* The fraction of usable blocks taken as flat.  A photo's flat areas
 * (sky, walls, out-of-focus backgrounds) rarely make less than a quarter
 * of it; edges may cross three quarters of the blocks before one reaches
 * the selection.  */
#define SBOKEH_GRAIN_FLAT_FRACTION 0.25

/* Fewer usable blocks than this (a region under about 180 × 180 pixels,
 * or one nearly all transparent or clipped) measure no grain (σ = 0):
 * two flat blocks do not make a spectrum.  */
#define SBOKEH_GRAIN_BLOCKS_MIN 32

/* At most this many flat blocks go into the spectrum, evenly spread:
 * each bin is then the mean of 1024 periodograms (3 % noise), and a
 * 12-megapixel photo's 2900 flat blocks would triple the FFTs for
 * nothing.  */
#define SBOKEH_GRAIN_PSD_BLOCKS 1024

/* A pixel with alpha below this has too little colour to measure (its
 * premultiplied values are quantised away): its block is left out.  */
#define SBOKEH_GRAIN_ALPHA_MIN 0.5

/* A block is left out when more than 1/SBOKEH_GRAIN_CLIP_SHARE of its
 * pixels have a colour value within SBOKEH_GRAIN_CLIP_MARGIN of 0 or 1:
 * clipped grain has less variance (a white sky would pass as grain-free,
 * and be the flattest of all).  */
#define SBOKEH_GRAIN_CLIP_MARGIN (1.0 / 1024.0)
#define SBOKEH_GRAIN_CLIP_SHARE  16

/* The kernel is cut to the smallest reach that keeps this share of its
 * energy (white grain: reach 0, one tap)...  */
#define SBOKEH_GRAIN_KERNEL_ENERGY 0.995
/* ...and at most this reach (9 × 9 taps): grain correlated over more
 * than about two pixels is blotches, and 81 taps per value already cost
 * half a blur.  */
#define SBOKEH_GRAIN_REACH_MAX 4
#define SBOKEH_GRAIN_TAPS      (2 * SBOKEH_GRAIN_REACH_MAX + 1)

/* What sbokeh_grain_measure found.  */
typedef struct
{
  int    channels;   /* colour channels: 1 (gray) or 3 (RGB); 0: none */
  int    blocks;     /* blocks in the spectrum; 0: no grain measured */
  int    usable;     /* blocks not left out (alpha, clipping) */
  double dof;        /* ν of the flat blocks' score (see above) */
  double bias;       /* the lowest fraction's mean over the true mean */
  double sigma[SBOKEH_GRAIN_CHANNELS_MAX];         /* perceptual values */
  double correlation[SBOKEH_GRAIN_CHANNELS_MAX][SBOKEH_GRAIN_CHANNELS_MAX];
  int    reach;      /* the kernels' reach, 0 … SBOKEH_GRAIN_REACH_MAX */
  /* Unit energy, centred at [REACH_MAX][REACH_MAX]; zero beyond reach.  */
  float  kernel[SBOKEH_GRAIN_CHANNELS_MAX][SBOKEH_GRAIN_TAPS]
               [SBOKEH_GRAIN_TAPS];
  float  mono[SBOKEH_GRAIN_TAPS][SBOKEH_GRAIN_TAPS];
} SbokehGrain;

/* How much each pixel of the output was blurred.  */
typedef struct
{
  /* The uniform blur's radius; with depth_map, R of the depth model.  */
  double             radius;
  /* NULL, or per pixel the blur radius (its magnitude counts), read as
   * "Y float" in the buffer's own space: a buffer of that format holds
   * the radii as they are.  */
  GeglBuffer        *radius_map;
  /* NULL, or the depth map sbokeh_depth_apply blurred by (read as it
   * reads it), with depth: r = sbokeh_depth_radius (depth, radius, d), at
   * no cost beyond reading the map.  radius_map takes precedence.  */
  GeglBuffer        *depth_map;
  const SbokehDepth *depth;
} SbokehGrainBlur;

/* The format grain is measured and added in for a buffer of format
 * source: its colour space's perceptual float, unpremultiplied, gray kept
 * gray ("Y' float" / "Y'A float"), anything else as RGB ("R'G'B' float"
 * / "R'G'B'A float").  NULL: "R'G'B'A float" in sRGB.  */
const Babl  *sbokeh_grain_format  (const Babl          *source);

/* The grain of original over roi (within its extent; NULL: all of it).
 * Returns SBOKEH_ERROR_ARGUMENT for a NULL pointer or a roi beyond
 * original, leaving *grain untouched; SBOKEH_ERROR_NO_MEMORY.  A region
 * with too few usable blocks measures no grain (blocks = 0, σ = 0), OK.  */
SbokehStatus sbokeh_grain_measure (GeglBuffer          *original,
                                   const GeglRectangle *roi,
                                   SbokehGrain         *grain);

/* Adds grain × amount (0 … SBOKEH_GRAIN_AMOUNT_MAX) to output over roi
 * (within its extent; NULL: all of it), weighted per pixel by blur (see
 * SbokehGrainBlur and the weight above); colour: independent fields (as
 * correlated as measured) rather than one; seed: the noise.  grain must
 * come from an image of output's kind (gray or colour).  In place; alpha
 * untouched; pixels of weight 0 keep their bytes.  Amount 0 or no grain
 * measured: nothing changes.  Returns SBOKEH_ERROR_ARGUMENT for NULL
 * pointers, an amount or radius out of range or not finite, a roi beyond
 * output (or a map), a grain of another kind, changing nothing.  */
SbokehStatus sbokeh_grain_add     (const SbokehGrain     *grain,
                                   double                 amount,
                                   gboolean               colour,
                                   guint32                seed,
                                   const SbokehGrainBlur *blur,
                                   GeglBuffer            *output,
                                   const GeglRectangle   *roi);

/* What every front end calls after the blur: when params->grain > 0,
 * the grain of original (all of its extent: a preview's region is too
 * small to measure) added to output over roi, with the parameters'
 * amount and colour, SBOKEH_GRAIN_SEED, and the blur of params (its
 * radius, or with depth_map the depth model's radius per pixel).  Grain
 * 0: nothing, SBOKEH_OK.  Returns the measure's or the add's status.  */
SbokehStatus sbokeh_grain_restore (const SbokehParams  *params,
                                   GeglBuffer          *original,
                                   GeglBuffer          *depth_map,
                                   GeglBuffer          *output,
                                   const GeglRectangle *roi);

/* The weight w (r) above (r's magnitude), exposed for tests.  */
double       sbokeh_grain_weight  (double               radius);

#endif /* SBOKEH_GRAIN_H */
