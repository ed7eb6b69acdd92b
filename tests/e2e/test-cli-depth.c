/* `sbokeh apply --depth-map` end to end: the built command on small
 * images and maps written here, each result against an independent
 * reference — the plain `sbokeh apply` at the radius the model gives
 * (itself checked against the core and brute force by test-cli and
 * test-apply), the input, the same map in another file type, the map
 * inverted or its holes filled by hand.  Cost: about 30 runs of 96 × 64
 * pixels, 0.2–0.6 s each (GEGL's start, the designs).
 *
 * Usage: test-cli-depth SBOKEH  */
#include "config.h"

#include <gegl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "check.h"
#include "cli-run.h"
#include "load-image.h"

#define W 96
#define H 64

/* The square of the two-depth scene: at the focus, in front of the
 * background, its colour pure red on a background without red.  */
#define SQ_X 32
#define SQ_Y 16
#define SQ_SIZE 32

/* The radius of the two-depth scene, R: the background one full depth
 * away from the focus blurs by R.  */
#define SCENE_RADIUS 10

/* Two runs that compute the same blur in a different order (premultiplied
 * float slices normalised by a weight of 1 ± 1e-6, or the plain passes)
 * differ by a float's rounding before they are rounded to 8 bits: one
 * level where a value falls on a rounding boundary, never two.  */
#define ROUNDING_LEVELS 1

static const char *sbokeh;
static gchar      *tmpdir;

static int
run (const char *args, gchar **err)
{
  return cli_run (sbokeh, NULL, args, NULL, err);
}

static gchar *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* Writes n channels of pixels in format to path, by its extension: png
 * (8 or 16 bits as bits says), tif, exr.  */
static void
save (const char *path, const char *format, const float *pixels, int bits)
{
  cli_save (path, format, W, H, pixels, bits);
}

/* A one-channel map (values 0 … 1, or not finite) as path: gray, or RGB
 * with three equal channels; format names the stored model.  */
static void
save_map (const char *path, const float *d, gboolean rgb, const char *gray,
          const char *colour, int bits)
{
  float *px = g_new (float, W * H * 3);
  int    i;

  for (i = 0; i < W * H; i++)
    px[i * 3] = px[i * 3 + 1] = px[i * 3 + 2] = d[i];
  if (rgb)
    save (path, colour, px, bits);
  else
    save (path, gray, d, bits);
  g_free (px);
}

/* The file's pixels in format (NULL if it does not load).  */
static float *
pixels_of (const char *path, const char *format)
{
  GeglBuffer *b = load_image (path);
  float      *px;

  if (! b)
    return NULL;
  px = g_new (float, W * H * babl_format_get_n_components (
                                babl_format (format)));
  gegl_buffer_get (b, NULL, 1.0, babl_format (format), px,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (b);
  return px;
}

/* The largest difference between two 8-bit outputs, in levels, and how
 * many values differ (-1: one does not load).  */
static int
levels_apart (const char *a, const char *b, int *differing)
{
  float *pa = pixels_of (a, "R'G'B' float"), *pb = pixels_of (b,
                                                               "R'G'B' float");
  int    worst = 0, i;

  *differing = 0;
  if (! pa || ! pb)
    worst = -1;
  for (i = 0; pa && pb && i < W * H * 3; i++)
    {
      int d = abs ((int) lrintf (pa[i] * 255) - (int) lrintf (pb[i] * 255));

      worst = MAX (worst, d);
      *differing += d > 0;
    }
  g_free (pa);
  g_free (pb);
  return worst;
}

/* Runs "apply IN OUT ARGS"; the output's path (the caller frees it).  */
static gchar *
apply (const char *in, const char *name, const char *args)
{
  gchar *out = tmp_path (name), *err = NULL;
  gchar *cmd = g_strdup_printf ("apply %s %s %s", in, out, args);

  CHECK (run (cmd, &err) == 0, "sbokeh %s: %s", cmd, err);
  g_free (cmd);
  g_free (err);
  return out;
}

/* The input: smooth colour waves and noise, 8-bit RGB, no red (so that
 * the two-depth scene's red square shows any bleeding).  */
static gchar *
make_input (void)
{
  gchar *path = tmp_path ("in.png");
  float *px = g_new (float, W * H * 3);
  int    x, y;

  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++)
      {
        float *p = px + (y * W + x) * 3;

        p[0] = 0;
        p[1] = 0.5f + 0.35f * sinf (x / 3.0f) * cosf (y / 5.0f) +
               0.1f * (float) check_random ();
        p[2] = 0.5f + 0.35f * cosf ((x + y) / 4.0f) +
               0.1f * (float) check_random ();
        if (x >= SQ_X && x < SQ_X + SQ_SIZE && y >= SQ_Y &&
            y < SQ_Y + SQ_SIZE)
          p[0] = 1, p[1] = p[2] = 0.1f * (x % 3);
      }
  save (path, "R'G'B' float", px, 8);
  g_free (px);
  return path;
}

/* A map of one depth d everywhere, 8-bit gray.  */
static gchar *
constant_map (const char *name, float d)
{
  gchar *path = tmp_path (name);
  float *m = g_new (float, W * H);
  int    i;

  for (i = 0; i < W * H; i++)
    m[i] = d;
  save_map (path, m, FALSE, "Y' float", NULL, 8);
  g_free (m);
  return path;
}

/* (a) One depth d at the distance |d − f| − w from the focus is the plain
 * blur at the radius R (|d − f| − w), bit for bit (the core then runs the
 * plain passes with that radius's design); at the focus, the input.  The
 * depths are chosen so that the radius is exact in binary.  */
static void
test_constant (const char *in)
{
  static const struct
  {
    float       depth;
    const char *options;   /* with the map */
    const char *plain;     /* the same blur without it */
  } cases[] =
  {
    { 0, "-r 16 --focus-depth 0.5",                  "-r 8" },
    { 1, "-r 12 --focus-depth 0.25",                 "-r 9" },
    { 0, "-r 16 --focus-range 0.5 --engine boxes",   "-r 8 --engine boxes" },
    { 0, "-r 14 --focus-depth 0 --invert-depth",     "-r 14" },
  };
  gsize k;
  int   worst, differing;

  for (k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      gchar *map = constant_map ("constant.png", cases[k].depth);
      gchar *args = g_strdup_printf ("--depth-map %s %s", map,
                                     cases[k].options);
      gchar *a = apply (in, "constant-depth.png", args);
      gchar *b = apply (in, "constant-plain.png", cases[k].plain);

      worst = levels_apart (a, b, &differing);
      CHECK (worst == 0, "one depth %g, %s: %d levels from the plain "
             "blur %s (%d values)", cases[k].depth, cases[k].options, worst,
             cases[k].plain, differing);
      printf ("  one depth %g, %s = plain %s: %d levels apart\n",
              cases[k].depth, cases[k].options, cases[k].plain, worst);
      g_free (map);
      g_free (args);
      g_free (a);
      g_free (b);
    }
  {
    gchar *map = constant_map ("focus.png", 0.6f);
    gchar *args = g_strdup_printf ("--depth-map %s -r 20 --focus-depth 0.4 "
                                   "--focus-range 0.2", map);
    gchar *a = apply (in, "in-focus.png", args);

    worst = levels_apart (a, in, &differing);
    CHECK (worst == 0, "one depth within the focus range: %d levels from "
           "the input", worst);
    printf ("  one depth within the focus range = the input: %d levels "
            "apart\n", worst);
    g_free (map);
    g_free (args);
    g_free (a);
  }
}

static int
files_in (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  int   n = 0;

  while (d && g_dir_read_name (d))
    n++;
  if (d)
    g_dir_close (d);
  return n;
}

/* One line on stderr, exit 2, naming each of names; nothing written.  */
static void
expect_refused (const char *args, const char *const *names)
{
  gchar *dest = tmp_path ("never.png"), *err = NULL, *cmd;
  int    before = files_in (tmpdir), status, lines = 0, i;
  char  *p;

  cmd = g_strdup_printf (args, dest);
  status = run (cmd, &err);
  for (p = err; p && *p; p++)
    lines += *p == '\n';
  CHECK (status == 2, "'%s': exit %d, expected 2", cmd, status);
  CHECK (lines == 1, "'%s': %d lines on stderr: %s", cmd, lines, err);
  for (i = 0; names[i]; i++)
    CHECK (err && strstr (err, names[i]), "'%s': the message does not name "
           "'%s': %s", cmd, names[i], err);
  CHECK (! g_file_test (dest, G_FILE_TEST_EXISTS), "'%s' wrote %s", cmd,
         dest);
  CHECK (files_in (tmpdir) == before, "'%s' left %d files", cmd,
         files_in (tmpdir) - before);
  printf ("  refused, exit %d, nothing written: %s", status, err);
  g_free (cmd);
  g_free (err);
  g_free (dest);
}

/* (b) A map of another size, a map that is not an image, a missing map,
 * and kernel --depth-map: exit 2, one line, no file.  */
static void
test_refused (const char *in)
{
  gchar *small = tmp_path ("small.tif"), *text = tmp_path ("text.png");
  gchar *args;
  float *m = g_new0 (float, W * H);
  GeglRectangle r = { 0, 0, W - 1, H };
  GeglBuffer   *b = gegl_buffer_new (&r, babl_format ("Y' float"));
  GeglNode     *g = gegl_node_new (), *s, *t;

  /* 95 × 64: one column short.  */
  gegl_buffer_set (b, &r, 0, babl_format ("Y' float"), m,
                   GEGL_AUTO_ROWSTRIDE);
  s = gegl_node_new_child (g, "operation", "gegl:buffer-source", "buffer", b,
                           NULL);
  t = gegl_node_new_child (g, "operation", "gegl:tiff-save", "path", small,
                           NULL);
  gegl_node_link (s, t);
  gegl_node_process (t);
  g_object_unref (g);
  g_object_unref (b);
  g_file_set_contents (text, "not an image\n", -1, NULL);

  {
    const char *names[] = { "small.tif", "95 × 64", "96 × 64", NULL };

    args = g_strdup_printf ("apply %s %%s --depth-map %s", in, small);
    expect_refused (args, names);
    g_free (args);
  }
  {
    const char *names[] = { "text.png", NULL };

    args = g_strdup_printf ("apply %s %%s --depth-map %s", in, text);
    expect_refused (args, names);
    g_free (args);
  }
  {
    const char *names[] = { "missing.png", NULL };

    args = g_strdup_printf ("apply %s %%s --depth-map %s/missing.png", in,
                            tmpdir);
    expect_refused (args, names);
    g_free (args);
  }
  {
    const char *names[] = { "--depth-map", NULL };

    args = g_strdup_printf ("kernel --depth-map %s", small);
    expect_refused (args, names);
    g_free (args);
  }
  {
    const char *names[] = { "--focus-depth", NULL };

    args = g_strdup_printf ("apply %s %%s --depth-map %s --focus-depth 1.5",
                            in, small);
    expect_refused (args, names);
    g_free (args);
  }
  g_unlink (small);
  g_unlink (text);
  g_free (small);
  g_free (text);
  g_free (m);
}

/* Without a map, the depth options change nothing.  */
static void
test_ignored (const char *in)
{
  gchar *a = apply (in, "plain.png", "-r 7");
  gchar *b = apply (in, "plain-depth-options.png",
                    "-r 7 --focus-depth 0.3 --focus-range 0.1 --invert-depth");
  int    differing, worst = levels_apart (a, b, &differing);

  CHECK (worst == 0, "without a map the depth options moved %d values by up "
         "to %d levels", differing, worst);
  printf ("  without a map, --focus-depth, --focus-range, --invert-depth: "
          "%d levels apart\n", worst);
  g_free (a);
  g_free (b);
}

static gboolean
in_square (int x, int y, int grow)
{
  return x >= SQ_X - grow && x < SQ_X + SQ_SIZE + grow && y >= SQ_Y - grow &&
         y < SQ_Y + SQ_SIZE + grow;
}

/* (c) The red square at the focus (1) in front of a background at 0, R =
 * SCENE_RADIUS: every pixel of the square is the input's; the background
 * farther than the blur's reach (⌈R⌉ + 1 px) from the square is the
 * uniform blur at R within ROUNDING_LEVELS; and no red anywhere outside
 * the square (the uniform blur spreads it R px out: a halo).  */
static void
test_two_depths (const char *in)
{
  gchar *map = tmp_path ("two.png"), *a, *b, *args;
  float *m = g_new (float, W * H), *pin, *pa, *pb;
  int    x, y, c, square = 0, far = 0, near_red = 0, plain_red = 0, n_far = 0;

  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++)
      m[y * W + x] = in_square (x, y, 0) ? 1.0f : 0.0f;
  save_map (map, m, FALSE, "Y' float", NULL, 8);
  args = g_strdup_printf ("--depth-map %s -r %d", map, SCENE_RADIUS);
  a = apply (in, "two-depth.png", args);
  g_free (args);
  args = g_strdup_printf ("-r %d", SCENE_RADIUS);
  b = apply (in, "two-plain.png", args);
  pin = pixels_of (in, "R'G'B' float");
  pa = pixels_of (a, "R'G'B' float");
  pb = pixels_of (b, "R'G'B' float");
  for (y = 0; pa && pb && y < H; y++)
    for (x = 0; x < W; x++)
      for (c = 0; c < 3; c++)
        {
          int i = (y * W + x) * 3 + c;
          int got = (int) lrintf (pa[i] * 255);

          if (in_square (x, y, 0))
            square = MAX (square, abs (got - (int) lrintf (pin[i] * 255)));
          else if (c == 0)
            {
              near_red = MAX (near_red, got);
              plain_red = MAX (plain_red, (int) lrintf (pb[i] * 255));
            }
          if (! in_square (x, y, SCENE_RADIUS + 2))
            {
              far = MAX (far, abs (got - (int) lrintf (pb[i] * 255)));
              n_far++;
            }
        }
  CHECK (pa && pb && n_far > 0, "outputs load");
  CHECK (square == 0, "the square in focus: %d levels from the input",
         square);
  CHECK (far <= ROUNDING_LEVELS, "the background beyond the blur's reach: "
         "%d levels from the uniform blur at %d", far, SCENE_RADIUS);
  CHECK (near_red == 0, "red outside the square (a halo): %d levels",
         near_red);
  CHECK (plain_red > 100, "the uniform blur should spread the red (%d)",
         plain_red);
  printf ("  two depths, R %d: square %d levels from the input, background "
          "beyond %d px %d from the uniform blur (%d values), red outside "
          "the square %d (uniform blur: %d)\n", SCENE_RADIUS, square,
          SCENE_RADIUS + 2, far, n_far, near_red, plain_red);
  g_free (pin);
  g_free (pa);
  g_free (pb);
  g_free (m);
  g_free (map);
  g_free (a);
  g_free (b);
}

/* A map of several depths, each k / 255 (which 8 and 16 bits and float
 * all hold, within a float's rounding): bands of 0, 0.4, 0.8 and 1 and a
 * ramp of 64 levels.  With the focus at SCENE_FOCUS no two levels are
 * the same distance from it (2 · 0.35 · 255 is not an integer), so that
 * no radius of the near side equals one of the far side: where two do
 * to the last bit, the core counts them as one depth and snaps a slice to
 * it, and where they miss by a float's rounding it does not
 * (core/depth-ladder.c) — 25 levels apart for --invert-depth against the
 * map inverted by hand, with the focus at 0.3.  */
#define SCENE_FOCUS "0.35"
static void
scene_map (float *m, gboolean inverted)
{
  int x, y;

  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++)
      {
        int k;

        if (y < H / 2)
          k = x < W / 4 ? 0 : x < W / 2 ? 102 : x < 3 * W / 4 ? 204 : 255;
        else
          k = (x * 63 / (W - 1)) * 4;
        m[y * W + x] = (inverted ? 255 - k : k) / 255.0f;
      }
}

/* (d) The same depths as 8-bit and 16-bit PNG, float TIFF and EXR, gray
 * and RGB: the 8-bit gray map's result within ROUNDING_LEVELS (the
 * values agree within a float's rounding, which moves a design's radius
 * by 1e-6 px).  EXR is linear: its stored values are the map's, not put
 * through the sRGB curve.  */
static void
test_formats (const char *in)
{
  static const struct
  {
    const char *name;
    gboolean    rgb;
    int         bits;
  } maps[] =
  {
    { "map-8.png", FALSE, 8 },     { "map-8-rgb.png", TRUE, 8 },
    { "map-16.png", FALSE, 16 },   { "map-16-rgb.png", TRUE, 16 },
    { "map-float.tif", FALSE, 0 }, { "map-float-rgb.tif", TRUE, 0 },
    { "map.exr", FALSE, 0 },       { "map-rgb.exr", TRUE, 0 },
  };
  float *m = g_new (float, W * H);
  gchar *first = NULL;
  gsize  k;

  scene_map (m, FALSE);
  for (k = 0; k < G_N_ELEMENTS (maps); k++)
    {
      gchar   *map = tmp_path (maps[k].name), *args, *out;
      gboolean exr = g_str_has_suffix (maps[k].name, ".exr");
      gchar   *name = g_strdup_printf ("out-%s.png", maps[k].name);

      save_map (map, m, maps[k].rgb, exr ? "Y float" : "Y' float",
                exr ? "RGB float" : "R'G'B' float", maps[k].bits);
      args = g_strdup_printf ("--depth-map %s -r 12 --focus-depth " SCENE_FOCUS, map);
      out = apply (in, name, args);
      if (! first)
        first = g_strdup (out);
      else
        {
          int differing, worst = levels_apart (first, out, &differing);

          CHECK (worst >= 0 && worst <= ROUNDING_LEVELS,
                 "%s: %d levels from the 8-bit gray map's result (%d "
                 "values)", maps[k].name, worst, differing);
          printf ("  %-18s %d levels from the 8-bit gray map (%d of %d "
                  "values)\n", maps[k].name, worst, differing, W * H * 3);
        }
      g_unlink (map);
      g_free (map);
      g_free (args);
      g_free (out);
      g_free (name);
    }
  g_free (first);
  g_free (m);
}

/* (f) --invert-depth = the map inverted by hand (255 − k), within
 * ROUNDING_LEVELS (1 − k / 255 and (255 − k) / 255 differ by a float's
 * rounding).  */
static void
test_invert (const char *in)
{
  gchar *map = tmp_path ("scene.png"), *inv = tmp_path ("scene-inv.png");
  gchar *args, *a, *b;
  float *m = g_new (float, W * H);
  int    differing, worst;

  scene_map (m, FALSE);
  save_map (map, m, FALSE, "Y' float", NULL, 8);
  scene_map (m, TRUE);
  save_map (inv, m, FALSE, "Y' float", NULL, 8);
  args = g_strdup_printf ("--depth-map %s -r 12 --focus-depth " SCENE_FOCUS
                          " --invert-depth", map);
  a = apply (in, "inverted-by-option.png", args);
  g_free (args);
  args = g_strdup_printf ("--depth-map %s -r 12 --focus-depth " SCENE_FOCUS, inv);
  b = apply (in, "inverted-by-hand.png", args);
  worst = levels_apart (a, b, &differing);
  CHECK (worst >= 0 && worst <= ROUNDING_LEVELS, "--invert-depth: %d levels "
         "from the map inverted by hand (%d values)", worst, differing);
  printf ("  --invert-depth = the map inverted by hand: %d levels apart (%d "
          "values)\n", worst, differing);
  /* Not the same as without inverting: the test can fail.  */
  g_free (args);
  args = g_strdup_printf ("--depth-map %s -r 12 --focus-depth " SCENE_FOCUS, map);
  g_free (b);
  b = apply (in, "not-inverted.png", args);
  worst = levels_apart (a, b, &differing);
  CHECK (worst > 10, "--invert-depth changed little: %d levels", worst);
  g_free (args);
  g_free (a);
  g_free (b);
  g_free (m);
  g_free (map);
  g_free (inv);
}

/* (e) A float map with holes: NaN, +Inf and −Inf blocks and single NaN
 * pixels on a background at 0, focus 1, a float input: every output
 * value finite; each hole the input's pixel (sharp, within a float's
 * rounding through premultiplied RGBA, 1e-6); the whole output the same
 * as with the holes filled by hand with the focus depth, bit for bit;
 * and the same again from an EXR map (linear).  */
static void
test_holes (void)
{
  const float holes[3] = { NAN, INFINITY, -INFINITY };
  gchar *in = tmp_path ("in-float.tif"), *map = tmp_path ("holes.tif");
  gchar *exr = tmp_path ("holes.exr"), *filled = tmp_path ("filled.tif");
  gchar *args, *a, *b, *e;
  float *px = g_new (float, W * H * 3), *m = g_new (float, W * H);
  float *f = g_new (float, W * H), *pin, *pa, *pb, *pe;
  double sharp = 0;
  int    i, x, y, bad = 0, apart = 0, exr_apart = 0, n_holes = 0;

  for (i = 0; i < W * H * 3; i++)
    px[i] = 0.5f + 0.4f * (float) check_random ();
  save (in, "RGB float", px, 0);
  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++)
      {
        float d = 0;

        if (y >= 20 && y < 26 && x >= 12 && x < 84 && (x - 12) % 24 < 6)
          d = holes[(x - 12) / 24];
        if (y == 45 && x % 16 == 8)
          d = NAN;
        m[y * W + x] = d;
        f[y * W + x] = isfinite (d) ? d : 1.0f;
        n_holes += ! isfinite (d);
      }
  save (map, "Y' float", m, 0);
  save (exr, "Y float", m, 0);
  save (filled, "Y' float", f, 0);
  args = g_strdup_printf ("--depth-map %s -r 8", map);
  a = apply (in, "holes-out.tif", args);
  g_free (args);
  args = g_strdup_printf ("--depth-map %s -r 8", filled);
  b = apply (in, "filled-out.tif", args);
  g_free (args);
  args = g_strdup_printf ("--depth-map %s -r 8", exr);
  e = apply (in, "holes-exr-out.tif", args);
  pin = pixels_of (in, "RGB float");
  pa = pixels_of (a, "RGB float");
  pb = pixels_of (b, "RGB float");
  pe = pixels_of (e, "RGB float");
  for (i = 0; pa && pb && pe && i < W * H * 3; i++)
    {
      bad += ! isfinite (pa[i]);
      apart += memcmp (&pa[i], &pb[i], sizeof (float)) != 0;
      exr_apart += memcmp (&pa[i], &pe[i], sizeof (float)) != 0;
      if (! isfinite (m[i / 3]))
        sharp = MAX (sharp, fabs (pa[i] - pin[i]));
    }
  CHECK (pa && pb && pe, "outputs load");
  CHECK (bad == 0, "%d output values not finite", bad);
  CHECK (sharp <= 1e-6, "holes blurred: %g from the input", sharp);
  CHECK (apart == 0, "%d values differ from the map filled with the focus",
         apart);
  CHECK (exr_apart == 0, "%d values differ between the TIFF and EXR maps",
         exr_apart);
  printf ("  %d holes (NaN, ±Inf): %d values not finite, holes %.1e from the "
          "input, %d values from the map filled with the focus, %d from the "
          "EXR map\n", n_holes, bad, sharp, apart, exr_apart);
  g_free (pin);
  g_free (pa);
  g_free (pb);
  g_free (pe);
  g_free (px);
  g_free (m);
  g_free (f);
  g_free (args);
  g_free (a);
  g_free (b);
  g_free (e);
  g_free (in);
  g_free (map);
  g_free (exr);
  g_free (filled);
}

int
main (int argc, char **argv)
{
  gchar *in;

  if (argc != 2)
    {
      fprintf (stderr, "usage: test-cli-depth SBOKEH\n");
      return 2;
    }
  sbokeh = argv[1];
  /* Exact conversions here and in every sbokeh run (test-cli.c says why). */
  g_setenv ("BABL_TOLERANCE", "0", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gegl_init (NULL, NULL);
  tmpdir = g_dir_make_tmp ("sbokeh-depth-XXXXXX", NULL);

  in = make_input ();
  test_constant (in);
  test_refused (in);
  test_ignored (in);
  test_two_depths (in);
  test_formats (in);
  test_invert (in);
  test_holes ();

  g_free (in);
  check_remove_dir (tmpdir);
  g_free (tmpdir);
  gegl_exit ();
  return check_exit ("cli-depth");
}
