/* Separable Bokeh: the grain's spectrum, from the flat blocks'
 * periodograms to σ, correlation and kernels (grain.h has the math).  */
#include "config.h"

#include <math.h>
#include <string.h>

#include "grain-private.h"

#define B SBOKEH_GRAIN_BLOCK
#define R SBOKEH_GRAIN_REACH_MAX
/* The bins the quadratic took, |kx|, |ky| ≤ FILL, are filled from the
 * ring around them (FILL 2, from the ring at 3, was measured worse on
 * correlated grain: that ring too is below the grain's spectrum).  */
#define FILL 1

/* In-place radix-2 DFT of n (a power of two) complex values stride
 * apart.  */
static void
fft1 (double       *re,
      double       *im,
      int           n,
      int           stride,
      const double *wc,
      const double *ws)
{
  int i, j, len;

  for (i = 1, j = 0; i < n; i++)
    {
      int bit = n >> 1;

      for (; j & bit; bit >>= 1)
        j ^= bit;
      j ^= bit;
      if (i < j)
        {
          double t = re[i * stride];

          re[i * stride] = re[j * stride];
          re[j * stride] = t;
          t = im[i * stride];
          im[i * stride] = im[j * stride];
          im[j * stride] = t;
        }
    }
  for (len = 2; len <= n; len <<= 1)
    for (i = 0; i < n; i += len)
      for (j = 0; j < len / 2; j++)
        {
          double wr = wc[j * (n / len)], wi = ws[j * (n / len)];
          int    p = (i + j) * stride, q = (i + j + len / 2) * stride;
          double xr = re[q] * wr - im[q] * wi;
          double xi = re[q] * wi + im[q] * wr;

          re[q] = re[p] - xr;
          im[q] = im[p] - xi;
          re[p] += xr;
          im[p] += xi;
        }
}

void
sbokeh_grain_fft2 (double  *re,
                   double  *im,
                   gboolean inverse)
{
  double wc[B / 2], ws[B / 2];
  int    i;

  /* e^∓2πij/B, once per call.  */
  for (i = 0; i < B / 2; i++)
    {
      wc[i] = cos (2.0 * G_PI * i / B);
      ws[i] = (inverse ? 1.0 : -1.0) * sin (2.0 * G_PI * i / B);
    }
  for (i = 0; i < B; i++)
    fft1 (re + i * B, im + i * B, B, 1, wc, ws);
  for (i = 0; i < B; i++)
    fft1 (re + i, im + i, B, B, wc, ws);
}

void
sbokeh_grain_spectra_add (SbokehGrainSpectra *sum,
                          double             *residuals,
                          int                 channels)
{
  double im[SBOKEH_GRAIN_CHANNELS_MAX][SBOKEH_GRAIN_BINS], hann[B];
  int    c, d, k;

  /* Hann windows, scaled to a mean square of 1 in 2-D (3/8 in 1-D): the
   * block's edges would otherwise leak the strong low frequencies of
   * correlated grain over the whole spectrum (the rectangular window's
   * sidelobes fall as 1/k², Hann's as 1/k⁶).  */
  for (k = 0; k < B; k++)
    hann[k] = (0.5 - 0.5 * cos (2.0 * G_PI * (k + 0.5) / B)) /
              sqrt (3.0 / 8.0);
  memset (im, 0, sizeof im);
  for (c = 0; c < channels; c++)
    {
      double *r = residuals + c * SBOKEH_GRAIN_BINS;

      for (k = 0; k < SBOKEH_GRAIN_BINS; k++)
        r[k] *= hann[k / B] * hann[k % B];
      sbokeh_grain_fft2 (r, im[c], FALSE);
    }
  for (c = 0; c < channels; c++)
    for (d = c; d < channels; d++)
      {
        const double *ar = residuals + c * SBOKEH_GRAIN_BINS, *ai = im[c];
        const double *br = residuals + d * SBOKEH_GRAIN_BINS, *bi = im[d];
        int           p = sbokeh_grain_pair (c, d, channels);

        for (k = 0; k < SBOKEH_GRAIN_BINS; k++)
          {
            sum->re[p][k] += ar[k] * br[k] + ai[k] * bi[k];
            sum->im[p][k] += ai[k] * br[k] - ar[k] * bi[k];
          }
      }
}

/* The regularised lower incomplete gamma function P (a, x), by its series
 * below a + 1 and its continued fraction above (Numerical Recipes 6.2).  */
static double
gamma_p (double a,
         double x)
{
  const double front = x > 0.0 ? exp (-x + a * log (x) - lgamma (a)) : 0.0;
  int          n;

  if (x <= 0.0)
    return 0.0;
  if (x < a + 1.0)
    {
      double term = 1.0 / a, sum = term;

      for (n = 1; n < 100000 && fabs (term) > 1e-16 * sum; n++)
        {
          term *= x / (a + n);
          sum += term;
        }
      return MIN (1.0, sum * front);
    }
  else
    {
      const double tiny = 1e-300;
      double       b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;

      for (n = 1; n < 100000; n++)
        {
          double an = -n * (n - a), delta;

          b += 2.0;
          d = an * d + b;
          d = fabs (d) < tiny ? tiny : d;
          c = b + an / c;
          c = fabs (c) < tiny ? tiny : c;
          d = 1.0 / d;
          delta = d * c;
          h *= delta;
          if (fabs (delta - 1.0) < 1e-16)
            break;
        }
      return MAX (0.0, 1.0 - front * h);
    }
}

/* The mean of the lowest fraction p of χ²_ν over its mean:
 * E[X | X ≤ q] / ν = F_{ν+2}(q) / p with q = F_ν⁻¹ (p), as
 * x f_ν (x) = ν f_{ν+2} (x).  */
static double
lowest_mean (double nu,
             double p)
{
  double lo = 0.0, hi = nu + 40.0 * sqrt (2.0 * nu) + 40.0;
  int    i;

  for (i = 0; i < 200 && hi - lo > 1e-12 * hi; i++)
    {
      double mid = 0.5 * (lo + hi);

      if (gamma_p (0.5 * nu, 0.5 * mid) < p)
        lo = mid;
      else
        hi = mid;
    }
  return gamma_p (0.5 * nu + 1.0, 0.25 * (lo + hi)) / p;
}

/* Bin (kx, ky), both taken modulo B.  */
static int
bin (int kx,
     int ky)
{
  return ((ky + B) % B) * B + (kx + B) % B;
}

/* The (2 FILL + 1)² bins around DC, which the quadratic removed, set to
 * the mean of the ring around them.  */
static void
fill_low (double *s)
{
  double ring = 0.0;
  int    kx, ky;

  for (ky = -FILL - 1; ky <= FILL + 1; ky++)
    for (kx = -FILL - 1; kx <= FILL + 1; kx++)
      if (MAX (abs (kx), abs (ky)) == FILL + 1)
        ring += s[bin (kx, ky)];
  for (ky = -FILL; ky <= FILL; ky++)
    for (kx = -FILL; kx <= FILL; kx++)
      s[bin (kx, ky)] = ring / (8.0 * (FILL + 1));
}

/* The zero-phase kernel IDFT (√(s / Σ s)), into taps (centred at
 * [R][R]); its energy share within each reach 0 … R into share.  */
static void
kernel_of (const double *s,
           float         taps[SBOKEH_GRAIN_TAPS][SBOKEH_GRAIN_TAPS],
           double        share[R + 1])
{
  double re[SBOKEH_GRAIN_BINS], im[SBOKEH_GRAIN_BINS], total = 0.0, all;
  int    k, tx, ty, r;

  for (k = 0; k < SBOKEH_GRAIN_BINS; k++)
    total += MAX (s[k], 0.0);
  for (k = 0; k < SBOKEH_GRAIN_BINS; k++)
    {
      /* No grain: a unit impulse.  */
      re[k] = total > 0.0 ? sqrt (MAX (s[k], 0.0) / total) : 1.0 / B;
      im[k] = 0.0;
    }
  sbokeh_grain_fft2 (re, im, TRUE);
  all = 0.0;
  for (k = 0; k < SBOKEH_GRAIN_BINS; k++)
    all += re[k] * re[k];
  for (ty = -R; ty <= R; ty++)
    for (tx = -R; tx <= R; tx++)
      taps[ty + R][tx + R] = (float) re[bin (tx, ty)];
  for (r = 0; r <= R; r++)
    {
      double e = 0.0;

      for (ty = -r; ty <= r; ty++)
        for (tx = -r; tx <= r; tx++)
          e += re[bin (tx, ty)] * re[bin (tx, ty)];
      share[r] = all > 0.0 ? e / all : 1.0;
    }
}

/* taps cut to reach and scaled to unit energy.  */
static void
cut (float taps[SBOKEH_GRAIN_TAPS][SBOKEH_GRAIN_TAPS],
     int   reach)
{
  double e = 0.0;
  int    tx, ty;

  for (ty = -R; ty <= R; ty++)
    for (tx = -R; tx <= R; tx++)
      {
        if (abs (tx) > reach || abs (ty) > reach)
          taps[ty + R][tx + R] = 0.0f;
        e += (double) taps[ty + R][tx + R] * taps[ty + R][tx + R];
      }
  for (ty = 0; ty < SBOKEH_GRAIN_TAPS; ty++)
    for (tx = 0; tx < SBOKEH_GRAIN_TAPS; tx++)
      taps[ty][tx] = e > 0.0 ? (float) (taps[ty][tx] / sqrt (e))
                             : (float) (tx == R && ty == R);
}

void
sbokeh_grain_from_spectra (SbokehGrainSpectra *sum,
                           int                 channels,
                           int                 blocks,
                           int                 selected,
                           int                 usable,
                           SbokehGrain        *grain)
{
  double mono[SBOKEH_GRAIN_BINS] = { 0 }, share[R + 1];
  double total[SBOKEH_GRAIN_CHANNELS_MAX] = { 0 };
  double trace = 0.0, square = 0.0;
  int    c, d, k, r, p, used = 0;
  int    need[SBOKEH_GRAIN_CHANNELS_MAX + 1];

  memset (grain, 0, sizeof *grain);
  grain->channels = channels;
  grain->blocks = blocks;
  grain->usable = usable;

  /* ν of the score Σ_c var_c, DC left out (the quadratic took it).  */
  for (k = 1; k < SBOKEH_GRAIN_BINS; k++)
    for (c = 0; c < channels; c++)
      {
        trace += sum->re[sbokeh_grain_pair (c, c, channels)][k];
        for (d = c; d < channels; d++)
          {
            p = sbokeh_grain_pair (c, d, channels);
            square += (c == d ? 1.0 : 2.0) *
                      (sum->re[p][k] * sum->re[p][k] +
                       sum->im[p][k] * sum->im[p][k]);
          }
      }
  grain->dof = square > 0.0 ? trace * trace / square : 0.0;
  grain->bias = grain->dof > 0.0
                  ? lowest_mean (grain->dof, (double) selected / usable) : 1.0;

  for (p = 0; p < channels * (channels + 1) / 2; p++)
    {
      fill_low (sum->re[p]);
      fill_low (sum->im[p]);
    }
  for (c = 0; c < channels; c++)
    {
      const double *s = sum->re[sbokeh_grain_pair (c, c, channels)];

      for (k = 0; k < SBOKEH_GRAIN_BINS; k++)
        total[c] += s[k];
      grain->sigma[c] = sqrt (MAX (total[c], 0.0) / grain->bias / blocks) /
                        SBOKEH_GRAIN_BINS;
      if (total[c] > 0.0)
        {
          for (k = 0; k < SBOKEH_GRAIN_BINS; k++)
            mono[k] += s[k] / total[c];
          used++;
        }
    }
  for (c = 0; c < channels; c++)
    for (d = 0; d < channels; d++)
      {
        p = sbokeh_grain_pair (MIN (c, d), MAX (c, d), channels);
        if (c == d || total[c] <= 0.0 || total[d] <= 0.0)
          grain->correlation[c][d] = c == d;
        else
          {
            double s = 0.0;

            for (k = 0; k < SBOKEH_GRAIN_BINS; k++)
              s += sum->re[p][k];
            grain->correlation[c][d] =
              CLAMP (s / sqrt (total[c] * total[d]), -1.0, 1.0);
          }
      }

  /* The smallest reach that keeps the energy share in every kernel.  */
  for (c = 0; c <= channels; c++)
    {
      if (c < channels)
        kernel_of (sum->re[sbokeh_grain_pair (c, c, channels)],
                   grain->kernel[c], share);
      else
        kernel_of (used ? mono : sum->re[0], grain->mono, share);
      for (r = 0; r <= R && share[r] < SBOKEH_GRAIN_KERNEL_ENERGY; r++)
        ;
      need[c] = MIN (r, R);
    }
  grain->reach = 0;
  for (c = 0; c <= channels; c++)
    grain->reach = MAX (grain->reach, need[c]);
  for (c = 0; c < channels; c++)
    cut (grain->kernel[c], grain->reach);
  cut (grain->mono, grain->reach);
}
