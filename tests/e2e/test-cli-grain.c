/* `sbokeh apply --grain` end to end (issue 22): a smooth picture with
 * Gaussian noise of known σ added (in perceptual values, as a camera's
 * noise is after its tone curve), blurred with and without grain; the
 * reference is the same blur of the picture without noise, so that the
 * output's noise is measured directly: σ of (output − reference) over the
 * interior.  Grain 1 gives back σ within 20 % (the bar), grain 0
 * leaves far less (the blur removes it), grain 2 twice; monochrome grain
 * is one field in every channel (their noise correlated), colour grain
 * one per channel (uncorrelated, as the input's noise); the same input
 * gives the same bytes.  Cost: six runs on 384 × 384 pixels.
 *
 * Usage: test-cli-grain SBOKEH  */
#include "config.h"

#include <gegl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "cli-run.h"
#include "load-image.h"

/* Big enough for the measurement: 144 blocks of 32 × 32 (grain.h wants
 * 32 usable ones).  */
#define SIDE 384

/* The noise added: σ 0.03 of the perceptual range, about 8 levels of 255,
 * a high-ISO photo's.  */
#define SIGMA 0.03

#define RADIUS "8"
/* The interior: beyond the blur's reach of the edges (where the blur
 * repeats the border, the reference does too, but grain sees fewer
 * neighbours).  */
#define MARGIN 16

/* The bar for grain 1, and what grain 0 must stay under: the
 * blur of white noise by a disk of radius 8 keeps σ / (8 √π) ≈ 0.07 σ.  */
#define GRAIN_TOLERANCE 0.20
#define NO_GRAIN_MAX    0.20

static const char *sbokeh;
static gchar      *tmpdir;

static int
run (const char *args)
{
  return cli_run (sbokeh, NULL, args, NULL, NULL);
}

static gchar *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* A 16-bit PNG of R'G'B' values.  */
static void
save (const char *path, const float *pixels)
{
  cli_save (path, "R'G'B' float", SIDE, SIDE, pixels, 16);
}

static float *
pixels_of (const char *path)
{
  GeglBuffer *b = load_image (path);
  float      *px;

  if (! b)
    return NULL;
  px = g_new (float, SIDE * SIDE * 3);
  gegl_buffer_get (b, NULL, 1.0, babl_format ("R'G'B' float"), px,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (b);
  return px;
}

/* A standard normal value (Box–Muller on a fixed generator).  */
static double
normal (GRand *rng)
{
  double u = g_rand_double_range (rng, 1e-12, 1.0);
  double v = g_rand_double (rng);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

/* The clean picture (slow gradients, every channel in 0.2 … 0.8, far from
 * clipping) and the noisy one, independent noise per channel.  */
static void
make_pictures (const char *clean, const char *noisy)
{
  float *c = g_new (float, SIDE * SIDE * 3);
  float *n = g_new (float, SIDE * SIDE * 3);
  GRand *rng = g_rand_new_with_seed (20);
  int    x, y, k;

  for (y = 0; y < SIDE; y++)
    for (x = 0; x < SIDE; x++)
      for (k = 0; k < 3; k++)
        {
          int    i = (y * SIDE + x) * 3 + k;
          double v = 0.5 + 0.25 * sin (x / 61.0 + k) * cos (y / 47.0 - k);

          c[i] = v;
          n[i] = v + SIGMA * normal (rng);
        }
  save (clean, c);
  save (noisy, n);
  g_rand_free (rng);
  g_free (c);
  g_free (n);
}

/* σ of (out − ref) per channel over the interior, and the mean
 * correlation between the channels' differences.  */
static void
noise_of (const float *out, const float *ref, double sigma[3],
          double *correlation)
{
  double sum[3] = { 0 }, sq[3] = { 0 }, cross[3] = { 0 };
  double n = 0;
  int    x, y, k;

  for (y = MARGIN; y < SIDE - MARGIN; y++)
    for (x = MARGIN; x < SIDE - MARGIN; x++)
      {
        const int i = (y * SIDE + x) * 3;
        double    d[3];

        for (k = 0; k < 3; k++)
          {
            d[k] = out[i + k] - ref[i + k];
            sum[k] += d[k];
            sq[k] += d[k] * d[k];
          }
        cross[0] += d[0] * d[1];
        cross[1] += d[1] * d[2];
        cross[2] += d[0] * d[2];
        n++;
      }
  for (k = 0; k < 3; k++)
    sigma[k] = sqrt (sq[k] / n - (sum[k] / n) * (sum[k] / n));
  *correlation = 0;
  for (k = 0; k < 3; k++)
    {
      int    a = k == 1 ? 1 : 0, b = k == 0 ? 1 : 2;
      double cov = cross[k] / n - (sum[a] / n) * (sum[b] / n);

      *correlation += cov / (sigma[a] * sigma[b]) / 3;
    }
}

/* Applies to noisy with ARGS, returns the output's noise.  */
static void
grain_run (const char *noisy, const float *ref, const char *name,
           const char *args, double sigma[3], double *correlation)
{
  gchar *out = tmp_path (name);
  gchar *cmd = g_strdup_printf ("apply %s %s --radius " RADIUS " %s", noisy,
                                out, args);
  float *px;

  CHECK (run (cmd) == 0, "sbokeh %s", cmd);
  px = pixels_of (out);
  CHECK (px != NULL, "%s loads", name);
  if (px)
    noise_of (px, ref, sigma, correlation);
  else
    sigma[0] = sigma[1] = sigma[2] = *correlation = NAN;
  printf ("  %-22s σ %.4f %.4f %.4f (%.3f σ), channels correlated %.2f\n",
          args[0] ? args : "no grain", sigma[0], sigma[1], sigma[2],
          (sigma[0] + sigma[1] + sigma[2]) / 3 / SIGMA, *correlation);
  g_free (px);
  g_free (cmd);
  g_free (out);
}

static gboolean
same_file (const char *a, const char *b)
{
  gchar   *ca = NULL, *cb = NULL;
  gsize    la = 0, lb = 0;
  gboolean same;

  same = g_file_get_contents (a, &ca, &la, NULL) &&
         g_file_get_contents (b, &cb, &lb, NULL) && la == lb &&
         memcmp (ca, cb, la) == 0;
  g_free (ca);
  g_free (cb);
  return same;
}

int
main (int argc, char **argv)
{
  gchar  *clean, *noisy, *ref_path, *cmd;
  float  *ref;
  double  s0[3], s1[3], s2[3], sc[3], c0, c1, c2, cc;
  int     k;

  if (argc != 2)
    {
      fprintf (stderr, "usage: test-cli-grain SBOKEH\n");
      return 2;
    }
  sbokeh = argv[1];
  g_setenv ("BABL_TOLERANCE", "0", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gegl_init (NULL, NULL);
  tmpdir = g_dir_make_tmp ("sbokeh-grain-XXXXXX", NULL);

  clean = tmp_path ("clean.png");
  noisy = tmp_path ("noisy.png");
  ref_path = tmp_path ("ref.png");
  make_pictures (clean, noisy);
  cmd = g_strdup_printf ("apply %s %s --radius " RADIUS, clean, ref_path);
  CHECK (run (cmd) == 0, "sbokeh %s", cmd);
  g_free (cmd);
  ref = pixels_of (ref_path);
  CHECK (ref != NULL, "the reference loads");
  if (! ref)
    return check_exit ("cli-grain");

  printf ("noise σ %.3f added; the output's noise, σ of (output − the clean "
          "picture's blur), radius " RADIUS ":\n", SIGMA);
  grain_run (noisy, ref, "g0.png", "", s0, &c0);
  grain_run (noisy, ref, "g1.png", "--grain 1", s1, &c1);
  grain_run (noisy, ref, "g2.png", "--grain 2", s2, &c2);
  grain_run (noisy, ref, "gc.png", "--grain 1 --grain-color", sc, &cc);
  for (k = 0; k < 3; k++)
    {
      CHECK (s0[k] <= NO_GRAIN_MAX * SIGMA, "grain 0, channel %d: σ %g", k,
             s0[k]);
      CHECK (fabs (s1[k] / SIGMA - 1) <= GRAIN_TOLERANCE,
             "grain 1, channel %d: σ %g, not within 20 %% of %g", k, s1[k],
             SIGMA);
      CHECK (fabs (sc[k] / SIGMA - 1) <= GRAIN_TOLERANCE,
             "colour grain 1, channel %d: σ %g, not within 20 %% of %g", k,
             sc[k], SIGMA);
      CHECK (fabs (s2[k] / (2 * SIGMA) - 1) <= GRAIN_TOLERANCE,
             "grain 2, channel %d: σ %g, not within 20 %% of %g", k, s2[k],
             2 * SIGMA);
    }
  /* One field for all channels, or one each (the input's noise is
   * independent per channel, so the measured correlation is about 0).  */
  CHECK (c1 > 0.9, "monochrome grain: channels correlated %g", c1);
  CHECK (fabs (cc) < 0.2, "colour grain: channels correlated %g", cc);

  /* The same input, the same bytes.  */
  cmd = g_strdup_printf ("apply %s %s --radius " RADIUS " --grain 1", noisy,
                         ref_path);
  CHECK (run (cmd) == 0, "sbokeh %s", cmd);
  {
    gchar *g1 = tmp_path ("g1.png");

    CHECK (same_file (g1, ref_path), "two runs with grain differ");
    g_free (g1);
  }
  g_free (cmd);

  g_free (ref);
  g_free (clean);
  g_free (noisy);
  g_free (ref_path);
  check_remove_dir (tmpdir);
  return check_exit ("cli-grain");
}
