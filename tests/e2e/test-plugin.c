/* The plug-in through a real GIMP 3 (gimp-console, Script-Fu with named
 * arguments), compared with the sbokeh command on the same input.
 *
 * Usage: test-plugin GIMP-RUN SBOKEH SAMPLE.png DRAWABLE-KINDS.scm
 * (GIMP-RUN is tools/gimp-run: a throwaway profile with this build's
 * plug-in.)  */
#include "config.h"

#include <gegl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "check.h"
#include "load-image.h"

/* The plug-in and the CLI run the same core on the same pixels; GIMP and
 * GEGL may round the final 8-bit conversion differently by one level.  */
#define U8_TOLERANCE 1

static const char *gimp_run, *sbokeh, *kinds_script;
static gchar      *tmpdir;

static int
spawn (gchar **argv, gchar **output)
{
  int     wait_status = -1;
  GError *error = NULL;
  gchar  *out = NULL, *err = NULL;

  if (! g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                      &err, &wait_status, &error))
    {
      fprintf (stderr, "cannot run %s: %s\n", argv[0], error->message);
      g_error_free (error);
    }
  if (output)
    *output = g_strconcat (out ? out : "", err ? err : "", NULL);
  g_free (out);
  g_free (err);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

/* Runs SCHEME in GIMP; returns the exit status, *log gets the output.  */
static int
gimp (const char *scheme, gchar **log)
{
  gchar *argv[] = { (gchar *) gimp_run, (gchar *) scheme, NULL };

  return spawn (argv, log);
}

static gchar *
path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* Script-Fu: load IN, optionally select, run the filter with ARGS, export
 * OUT.  */
static gchar *
filter_script (const char *in, const char *select, const char *args,
               const char *out)
{
  return g_strdup_printf (
    "(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"%s\")))"
    "       (ds (car (gimp-image-get-selected-drawables img))))"
    "  %s"
    "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"
    "                           #:drawables ds %s)"
    "  (gimp-file-save RUN-NONINTERACTIVE img \"%s\" -1)"
    "  (gimp-image-delete img))",
    in, select ? select : "", args, out);
}

static guchar *
load_u8 (const char *file, const char *format, int *w, int *h)
{
  GeglBuffer *b = load_image (file);
  guchar     *px = NULL;

  if (b && gegl_buffer_get_width (b) > 0)
    {
      const Babl *f = babl_format (format);

      *w = gegl_buffer_get_width (b);
      *h = gegl_buffer_get_height (b);
      px = g_new (guchar, *w * *h * babl_format_get_bytes_per_pixel (f));
      gegl_buffer_get (b, NULL, 1.0, f, px, GEGL_AUTO_ROWSTRIDE,
                       GEGL_ABYSS_NONE);
    }
  g_clear_object (&b);
  return px;
}

static void
save (const char *file, const char *format, int w, int h, const void *px)
{
  GeglRectangle r = { 0, 0, w, h };
  GeglBuffer   *b = gegl_buffer_new (&r, babl_format (format));
  GeglNode     *g = gegl_node_new ();
  GeglNode     *s, *t;

  gegl_buffer_set (b, &r, 0, babl_format (format), px, GEGL_AUTO_ROWSTRIDE);
  s = gegl_node_new_child (g, "operation", "gegl:buffer-source", "buffer", b,
                           NULL);
  t = gegl_node_new_child (g, "operation", "gegl:png-save", "path", file,
                           "bitdepth", 8, NULL);
  gegl_node_link (s, t);
  gegl_node_process (t);
  g_object_unref (g);
  g_object_unref (b);
}

/* Runs SCHEME in GIMP with VARIABLE set in its (and so the plug-in's)
 * environment.  */
static int
gimp_with (const char *variable, const char *scheme, gchar **log)
{
  int status;

  g_setenv (variable, "1", TRUE);
  status = gimp (scheme, log);
  g_unsetenv (variable);
  return status;
}

/* Max per-channel difference between two images (-1: unreadable or sizes
 * differ).  */
static int
max_difference (const char *a, const char *b, const char *format)
{
  int     wa = 0, ha = 0, wb = 0, hb = 0, worst = -1, j, n;
  guchar *pa = load_u8 (a, format, &wa, &ha);
  guchar *pb = load_u8 (b, format, &wb, &hb);

  if (pa && pb && wa == wb && ha == hb)
    {
      n = wa * ha * babl_format_get_bytes_per_pixel (babl_format (format));
      worst = 0;
      for (j = 0; j < n; j++)
        worst = MAX (worst, abs (pa[j] - pb[j]));
    }
  g_free (pa);
  g_free (pb);
  return worst;
}

static void
cli (const char *in, const char *out, const char *args)
{
  gchar  *cmd = g_strdup_printf ("%s apply %s %s %s", sbokeh, in, out, args);
  gchar **argv;

  g_shell_parse_argv (cmd, NULL, &argv, NULL);
  CHECK (spawn (argv, NULL) == 0, "%s", cmd);
  g_strfreev (argv);
  g_free (cmd);
}

/* The photo through GIMP equals the photo through sbokeh.  */
static void
test_same_as_cli (const char *sample)
{
  gchar *out = path ("gimp.png"), *ref = path ("cli.png"), *log = NULL;
  gchar *script = filter_script (sample, NULL, "#:radius 12 #:rank 3", out);
  int    status = gimp (script, &log), diff;

  CHECK (status == 0, "GIMP batch failed (%d): %s", status, log);
  cli (sample, ref, "--radius 12 --rank 3");
  diff = max_difference (out, ref, "R'G'B' u8");
  CHECK (diff >= 0 && diff <= U8_TOLERANCE,
         "plug-in vs CLI: max difference %d levels", diff);
  printf ("  coffee.png r 12 rank 3: plug-in vs sbokeh max difference %d\n",
          diff);
  g_free (script);
  g_free (log);

  /* A rotated hexagon with highlight boost, by its Script-Fu names.  */
  script = filter_script (sample, NULL,
                          "#:radius 10 #:rank 5 #:shape \"polygon\" "
                          "#:blades 6 #:rotation 20 #:curvature 0.2 "
                          "#:highlight-boost 6", out);
  status = gimp (script, &log);
  CHECK (status == 0, "GIMP polygon batch failed (%d): %s", status, log);
  cli (sample, ref, "--radius 10 --rank 5 --shape polygon --blades 6 "
       "--rotation 20 --curvature 0.2 --highlight-boost 6");
  diff = max_difference (out, ref, "R'G'B' u8");
  CHECK (diff >= 0 && diff <= U8_TOLERANCE,
         "polygon + boost: plug-in vs CLI max difference %d levels", diff);
  printf ("  hexagon, boost 6: plug-in vs sbokeh max difference %d\n", diff);
  g_free (script);
  g_free (log);
  g_free (out);
  g_free (ref);
}

/* Two ways to the same pixels: GIMP runs the GEGL operation itself when
 * it has it (tools/gimp-run puts this build's on GEGL_PATH, as an install
 * does), the plug-in runs the passes on the layer otherwise
 * (SBOKEH_IN_PLUGIN forces that).  Each says which it took on stderr with
 * SBOKEH_APPLY_TIMING.  */
static void
test_routes (const char *sample)
{
  static const char *const engines[] = { "dense", "boxes" };
  gchar *in_gimp = path ("route-gimp.png"), *in_plugin = path ("route-plugin.png");
  gchar *ref = path ("route-cli.png");
  gsize  e;

  for (e = 0; e < G_N_ELEMENTS (engines); e++)
    {
      gchar *args = g_strdup_printf ("#:radius 15 #:rank 4 #:engine \"%s\"",
                                     engines[e]);
      gchar *cli_args = g_strdup_printf ("--radius 15 --rank 4 --engine %s",
                                         engines[e]);
      gchar *a = filter_script (sample, NULL, args, in_gimp);
      gchar *b = filter_script (sample, NULL, args, in_plugin);
      gchar *log_a = NULL, *log_b = NULL;
      int    status_a, status_b, d_gimp, d_plugin, d_cli;

      status_a = gimp_with ("SBOKEH_APPLY_TIMING", a, &log_a);
      g_setenv ("SBOKEH_IN_PLUGIN", "1", TRUE);
      status_b = gimp_with ("SBOKEH_APPLY_TIMING", b, &log_b);
      g_unsetenv ("SBOKEH_IN_PLUGIN");
      CHECK (status_a == 0 && status_b == 0, "%s: batches failed: %s %s",
             engines[e], log_a, log_b);
      CHECK (strstr (log_a, "apply: in GIMP") != NULL,
             "%s: GIMP did not run the operation itself: %s", engines[e],
             log_a);
      CHECK (strstr (log_b, "apply: in the plug-in") != NULL,
             "%s: SBOKEH_IN_PLUGIN did not keep the passes in the plug-in: "
             "%s", engines[e], log_b);
      cli (sample, ref, cli_args);
      d_gimp   = max_difference (in_gimp, ref, "R'G'B' u8");
      d_plugin = max_difference (in_plugin, ref, "R'G'B' u8");
      d_cli    = max_difference (in_gimp, in_plugin, "R'G'B' u8");
      CHECK (d_gimp >= 0 && d_gimp <= U8_TOLERANCE &&
             d_plugin >= 0 && d_plugin <= U8_TOLERANCE &&
             d_cli >= 0 && d_cli <= U8_TOLERANCE,
             "%s: in GIMP vs CLI %d, in the plug-in vs CLI %d, between "
             "them %d levels", engines[e], d_gimp, d_plugin, d_cli);
      printf ("  %s: in GIMP vs sbokeh %d, in the plug-in vs sbokeh %d, "
              "between the two %d levels\n", engines[e], d_gimp, d_plugin,
              d_cli);
      g_free (args);
      g_free (cli_args);
      g_free (a);
      g_free (b);
      g_free (log_a);
      g_free (log_b);
    }
  g_free (in_gimp);
  g_free (in_plugin);
  g_free (ref);
}

/* merge-filter off: the blur stays on the layer as an editable filter
 * (GIMP's layer effects) whose export equals sbokeh apply; without the
 * GEGL operation that is refused, and nothing changes.  */
static void
test_editable (const char *sample)
{
  gchar *out = path ("editable.png"), *ref = path ("editable-cli.png");
  gchar *script, *log = NULL;
  int    status, d;

  script = g_strdup_printf (
    "(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"%s\")))"
    "       (l (vector-ref (car (gimp-image-get-layers img)) 0)))"
    "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"
    "    #:drawables (vector l) #:radius 15 #:rank 4 #:merge-filter FALSE)"
    "  (gimp-message (string-append \"filters: \""
    "    (number->string (vector-length (car (gimp-drawable-get-filters l))))"
    "    \" \" (car (gimp-drawable-filter-get-operation-name"
    "                (vector-ref (car (gimp-drawable-get-filters l)) 0)))))"
    "  (gimp-file-save RUN-NONINTERACTIVE img \"%s\" -1))", sample, out);
  status = gimp (script, &log);
  CHECK (status == 0 && strstr (log, "filters: 1 sbokeh:separable-bokeh"),
         "editable filter: exit %d: %s", status, log);
  cli (sample, ref, "--radius 15 --rank 4");
  d = max_difference (out, ref, "R'G'B' u8");
  CHECK (d >= 0 && d <= U8_TOLERANCE,
         "editable filter: export vs CLI %d levels", d);
  printf ("  merge-filter off: one editable filter on the layer, exported "
          "%d levels from sbokeh\n", d);
  g_free (log);
  g_unlink (out);

  g_setenv ("SBOKEH_IN_PLUGIN", "1", TRUE);
  status = gimp (script, &log);
  g_unsetenv ("SBOKEH_IN_PLUGIN");
  CHECK (status != 0 && strstr (log, "Keeping the blur editable"),
         "editable without the operation: exit %d: %s", status, log);
  CHECK (! g_file_test (out, G_FILE_TEST_EXISTS),
         "editable without the operation: exported");
  g_free (script);
  g_free (log);
  g_free (out);
  g_free (ref);
}

/* A rectangular selection: outside it every pixel is unchanged.  */
static void
test_selection (const char *sample)
{
  gchar  *out = path ("selection.png"), *log = NULL, *script;
  int     w, h, w2, h2, x, y, ch, outside = 0, inside = 0;
  guchar *a, *b;

  script = filter_script (sample,
                          "(gimp-image-select-rectangle img CHANNEL-OP-REPLACE"
                          " 200 100 150 120)",
                          "#:radius 20 #:rank 4", out);
  CHECK (gimp (script, &log) == 0, "selection batch: %s", log);
  a = load_u8 (sample, "R'G'B' u8", &w, &h);
  b = load_u8 (out, "R'G'B' u8", &w2, &h2);
  CHECK (b && w == w2 && h == h2, "selection output");
  if (a && b && w == w2 && h == h2)
    {
      for (y = 0; y < h; y++)
        for (x = 0; x < w; x++)
          for (ch = 0; ch < 3; ch++)
            {
              int j = (y * w + x) * 3 + ch;
              gboolean in = x >= 200 && x < 350 && y >= 100 && y < 220;

              if (in)
                inside += a[j] != b[j];
              else
                outside += a[j] != b[j];
            }
      CHECK (outside == 0, "%d values changed outside the selection", outside);
      CHECK (inside > 150 * 120, "only %d values changed inside", inside);
    }
  g_free (a);
  g_free (b);
  g_free (script);
  g_free (log);
  g_free (out);
}

/* Opaque red beside transparent pixels whose hidden colour is green: the
 * blurred edge stays red (premultiplied alpha), fading out.  */
static void
test_alpha (void)
{
  const int w = 96, h = 64;
  guchar   *px = g_new (guchar, w * h * 4);
  gchar    *in = path ("alpha.png"), *out = path ("alpha-out.png");
  gchar    *log = NULL, *script;
  int       j, w2, h2, fringe = 0, partial = 0;

  for (j = 0; j < w * h; j++)
    {
      gboolean opaque = j % w < w / 2;

      px[j * 4 + 0] = opaque ? 255 : 0;
      px[j * 4 + 1] = opaque ? 0 : 255;
      px[j * 4 + 2] = 0;
      px[j * 4 + 3] = opaque ? 255 : 0;
    }
  save (in, "R'G'B'A u8", w, h, px);
  g_free (px);
  script = filter_script (in, NULL, "#:radius 8 #:rank 3", out);
  CHECK (gimp (script, &log) == 0, "alpha batch: %s", log);
  px = load_u8 (out, "R'G'B'A u8", &w2, &h2);
  CHECK (px && w2 == w && h2 == h, "alpha output");
  if (px && w2 == w && h2 == h)
    {
      for (j = 0; j < w * h; j++)
        if (px[j * 4 + 3] >= 13) /* visible: alpha above 5 % */
          {
            fringe = MAX (fringe, MAX (px[j * 4 + 1], 255 - px[j * 4]));
            partial += px[j * 4 + 3] < 250;
          }
      CHECK (fringe <= 2, "fringe at the transparent edge: %d levels",
             fringe);
      CHECK (partial > 0, "the alpha edge was not blurred");
    }
  g_free (px);
  g_free (script);
  g_free (log);
  g_free (in);
  g_free (out);
}

/* Every precision GIMP offers gives the CLI's result (the 8-bit input is
 * the same; only the final rounding differs), and several selected layers
 * are all blurred: the top one at 50 % over the bottom one exports as the
 * blurred photo only if both were.  */
static void
test_precisions_and_layers (const char *sample)
{
  const char *precisions[] = { "PRECISION-U16-NON-LINEAR",
                               "PRECISION-U32-LINEAR",
                               "PRECISION-HALF-LINEAR",
                               "PRECISION-FLOAT-LINEAR",
                               "PRECISION-DOUBLE-NON-LINEAR" };
  gchar      *ref = path ("cli-r9.png"), *out = path ("precision.png");
  gchar      *log = NULL, *script;
  gsize       i;
  int         diff;

  cli (sample, ref, "--radius 9 --rank 3");
  for (i = 0; i < G_N_ELEMENTS (precisions); i++)
    {
      gchar *select = g_strdup_printf ("(gimp-image-convert-precision img %s)",
                                       precisions[i]);

      script = filter_script (sample, select, "#:radius 9 #:rank 3", out);
      CHECK (gimp (script, &log) == 0, "%s batch: %s", precisions[i], log);
      diff = max_difference (out, ref, "R'G'B' u8");
      CHECK (diff >= 0 && diff <= U8_TOLERANCE,
             "%s: plug-in vs CLI max difference %d", precisions[i], diff);
      printf ("  %s: plug-in vs sbokeh (8-bit) max difference %d\n",
              precisions[i], diff);
      g_free (select);
      g_free (script);
      g_free (log);
      g_unlink (out);
    }

  script = g_strdup_printf (
    "(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"%s\")))"
    "       (bottom (vector-ref (car (gimp-image-get-layers img)) 0))"
    "       (top (car (gimp-layer-copy bottom))))"
    "  (gimp-image-insert-layer img top 0 -1)"
    "  (gimp-layer-set-opacity top 50)"
    "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"
    "                           #:drawables (vector top bottom)"
    "                           #:radius 9 #:rank 3)"
    "  (gimp-file-save RUN-NONINTERACTIVE img \"%s\" -1)"
    "  (gimp-image-delete img))", sample, out);
  CHECK (gimp (script, &log) == 0, "two layers batch: %s", log);
  diff = max_difference (out, ref, "R'G'B' u8");
  CHECK (diff >= 0 && diff <= U8_TOLERANCE + 1,
         "two layers: max difference %d from the blurred photo", diff);
  g_free (script);
  g_free (log);
  g_free (out);
  g_free (ref);
}

/* The box engine through GIMP (argument "engine") gives what
 * `sbokeh apply --engine boxes` gives.  (An unknown choice never reaches
 * the plug-in: test_invalid_choice.)  */
static void
test_engine (const char *sample)
{
  gchar *ref = path ("cli-boxes.png"), *dense = path ("cli-dense.png");
  gchar *out = path ("boxes.png"), *log = NULL, *script;
  int    diff, engines;

  cli (sample, ref, "--radius 30 --rank 4 --engine boxes");
  cli (sample, dense, "--radius 30 --rank 4");
  script = filter_script (sample, NULL,
                          "#:radius 30 #:rank 4 #:engine \"boxes\"", out);
  CHECK (gimp (script, &log) == 0, "boxes batch: %s", log);
  diff = max_difference (out, ref, "R'G'B' u8");
  engines = max_difference (ref, dense, "R'G'B' u8");
  CHECK (diff >= 0 && diff <= U8_TOLERANCE,
         "boxes plug-in vs CLI: max difference %d", diff);
  CHECK (engines > 0, "the engines gave identical images: is the choice "
         "ignored?");
  printf ("  engine boxes: plug-in vs sbokeh max difference %d (boxes vs "
          "dense: %d levels)\n", diff, engines);
  g_free (script);
  g_free (log);
  g_free (ref);
  g_free (dense);
  g_free (out);
}

/* A rank above the kernel size is the kernel size, as in the GEGL
 * operation and the CLI (docs/settings.md): radius 1 at the default rank
 * 4 blurs as rank 3, the whole 3 × 3 kernel, instead of being refused.  */
static void
test_rank_fitted (const char *sample)
{
  gchar *out = path ("rank-fitted.png"), *ref = path ("rank-fitted-cli.png");
  gchar *script = filter_script (sample, NULL, "#:radius 1 #:rank 4", out);
  gchar *log = NULL;
  int    status = gimp (script, &log), diff, moved;

  CHECK (status == 0, "radius 1, rank 4: exit %d: %s", status, log);
  cli (sample, ref, "--radius 1 --rank 3");
  diff  = max_difference (out, ref, "R'G'B' u8");
  moved = max_difference (out, sample, "R'G'B' u8");
  CHECK (diff >= 0 && diff <= U8_TOLERANCE && moved > U8_TOLERANCE,
         "radius 1, rank 4: %d levels from sbokeh's rank 3, %d from the "
         "input", diff, moved);
  printf ("  radius 1, rank 4: %d levels from sbokeh --rank 3 (%d from the "
          "input)\n", diff, moved);
  g_free (script);
  g_free (log);
  g_free (out);
  g_free (ref);
}

/* A choice that is none of its nicks (#:engine "bogus", #:shape
 * "hexagon") never reaches the plug-in: the caller's GObject refuses to
 * set it on the procedure's config (a GLib-GObject-CRITICAL naming the
 * argument, in Script-Fu's process), and the call runs with the default.
 * Measured the same on GIMP 3.0.4 and 3.2.6; documented in
 * docs/reliability.md.  Should GIMP start refusing it, this fails: then
 * expect the refusal and update the documents.  */
static void
test_invalid_choice (const char *sample)
{
  static const struct
  {
    const char *argument, *value, *cli;
  } cases[] = {
    { "engine", "bogus",   "--radius 8 --rank 3 --engine auto" },
    { "shape",  "hexagon", "--radius 8 --rank 3 --shape disk" },
  };
  gchar *out = path ("choice.png"), *ref = path ("choice-cli.png");
  gsize  i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gchar *args = g_strdup_printf ("#:radius 8 #:rank 3 #:%s \"%s\"",
                                     cases[i].argument, cases[i].value);
      gchar *script = filter_script (sample, NULL, args, out);
      gchar *critical = g_strdup_printf ("invalid or out of range for "
                                         "property '%s'", cases[i].argument);
      gchar *log = NULL;
      int    status = gimp (script, &log), diff;

      cli (sample, ref, cases[i].cli);
      diff = max_difference (out, ref, "R'G'B' u8");
      CHECK (status == 0 && strstr (log, critical) &&
             diff >= 0 && diff <= U8_TOLERANCE,
             "%s \"%s\": exit %d, %d levels from the default's image (GIMP "
             "no longer runs an invalid choice as the default? update "
             "docs/reliability.md): %s", cases[i].argument, cases[i].value,
             status, diff, log);
      printf ("  %s \"%s\": GIMP's CRITICAL, then the default (%d levels "
              "from it)\n", cases[i].argument, cases[i].value, diff);
      g_unlink (out);
      g_free (args);
      g_free (script);
      g_free (critical);
      g_free (log);
    }
  g_free (out);
  g_free (ref);
}

/* A grayscale image stays grayscale and matches the CLI.  */
static void
test_gray (const char *sample)
{
  int     w, h, diff;
  guchar *px = load_u8 (sample, "Y' u8", &w, &h);
  gchar  *in = path ("gray.png"), *out = path ("gray-out.png");
  gchar  *ref = path ("gray-cli.png"), *log = NULL, *script;

  save (in, "Y' u8", w, h, px);
  g_free (px);
  script = filter_script (in, NULL, "#:radius 6 #:rank 2", out);
  CHECK (gimp (script, &log) == 0, "gray batch: %s", log);
  cli (in, ref, "--radius 6 --rank 2");
  diff = max_difference (out, ref, "Y' u8");
  CHECK (diff >= 0 && diff <= U8_TOLERANCE,
         "gray plug-in vs CLI: max difference %d", diff);
  g_free (script);
  g_free (log);
  g_free (in);
  g_free (out);
  g_free (ref);
}

/* The three loss weights all 0: refused by the plug-in (the PDB's ranges
 * let each through).  */
#define ZERO_WEIGHTS \
  "#:l2-weight 0 #:non-negativity-weight 0 #:keep-zeros-weight 0"

/* Bad arguments: GIMP refuses them with a message naming the argument, a
 * non-zero exit, and the image is left as it was.  */
static void
test_bad_arguments (const char *sample)
{
  gchar *log = NULL, *script, *out = path ("unchanged.png");
  int    status, diff;

  script = filter_script (sample, NULL, "#:radius 600", out);
  status = gimp (script, &log);
  CHECK (status != 0, "radius 600 accepted");
  CHECK (strstr (log, "radius") != NULL, "no mention of radius: %s", log);
  CHECK (! g_file_test (out, G_FILE_TEST_EXISTS), "radius 600: exported");
  g_free (script);
  g_free (log);

  script = filter_script (sample, NULL, ZERO_WEIGHTS, out);
  status = gimp (script, &log);
  CHECK (status != 0, "all weights 0 accepted");
  CHECK (strstr (log, "At least one of l2-weight") != NULL,
         "weights error message missing: %s", log);
  g_free (script);
  g_free (log);

  /* Caught in the script, the failed call leaves the image unchanged.  */
  script = g_strdup_printf (
    "(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"%s\")))"
    "       (ds (car (gimp-image-get-selected-drawables img))))"
    "  (catch #f (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE"
    "              #:image img #:drawables ds " ZERO_WEIGHTS "))"
    "  (gimp-file-save RUN-NONINTERACTIVE img \"%s\" -1)"
    "  (gimp-image-delete img))", sample, out);
  status = gimp (script, &log);
  CHECK (status == 0, "caught error batch: %s", log);
  diff = max_difference (sample, out, "R'G'B' u8");
  CHECK (diff == 0, "image changed by a refused call: %d", diff);
  g_free (script);
  g_free (log);
  g_free (out);
}

static int
changed_outside (const guchar *a, const guchar *b, int w, int h, int x0,
                 int y0, int x1, int y1, int *inside)
{
  int x, y, ch, outside = 0;

  *inside = 0;
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      for (ch = 0; ch < 3; ch++)
        {
          int j = (y * w + x) * 3 + ch;

          if (x >= x0 && x < x1 && y >= y0 && y < y1)
            *inside += a[j] != b[j];
          else
            outside += a[j] != b[j];
        }
  return outside;
}

/* SCRIPT (freed here), which would export to OUT, fails with a message
 * containing EXPECT and exports nothing.  */
static void
check_refused (const char *what,
               gchar      *script,
               const char *out,
               const char *expect)
{
  gchar *log = NULL;
  int    status = gimp (script, &log);

  CHECK (status != 0 && strstr (log, expect), "%s: exit %d: %s", what,
         status, log);
  CHECK (! g_file_test (out, G_FILE_TEST_EXISTS), "%s: exported", what);
  g_free (script);
  g_free (log);
}

/* Every kind of drawable and selection (tests/e2e/drawable-kinds.scm makes
 * them): a 1 × 1 image, a one-pixel selection, a selection on the image's
 * border, a selection that misses the layer, a radius far larger than the
 * image, a layer mask, a channel; and an indexed image, a layer group and
 * locked pixels, refused.  */
static void
test_drawable_kinds (const char *sample)
{
  gchar  *script, *body = NULL, *log = NULL, *f;
  guchar *a, *b;
  int     w, h, w2, h2, inside, status, j, soft;

  g_file_get_contents (kinds_script, &body, NULL, NULL);
  script = g_strdup_printf ("(define OUT \"%s\") (define SAMPLE \"%s\") %s",
                            tmpdir, sample, body);
  status = gimp (script, &log);
  CHECK (status == 0, "drawable kinds batch failed (%d): %s", status, log);
  g_free (script);
  g_free (body);
  g_free (log);

  f = path ("one.png");
  a = load_u8 (f, "R'G'B' u8", &w, &h);
  CHECK (a && w == 1 && h == 1 && abs (a[0] - 200) <= 1 &&
         abs (a[1] - 100) <= 1 && abs (a[2] - 50) <= 1,
         "1x1 image: %d %d %d", a ? a[0] : -1, a ? a[1] : -1, a ? a[2] : -1);
  g_free (a);
  g_free (f);

  a = load_u8 (sample, "R'G'B' u8", &w, &h);
  f = path ("pixel.png");
  b = load_u8 (f, "R'G'B' u8", &w2, &h2);
  CHECK (b && changed_outside (a, b, w, h, 10, 10, 11, 11, &inside) == 0,
         "one-pixel selection changed other pixels");
  g_free (b);
  g_free (f);
  f = path ("border.png");
  b = load_u8 (f, "R'G'B' u8", &w2, &h2);
  CHECK (b && changed_outside (a, b, w, h, 0, 0, 50, 400, &inside) == 0 &&
         inside > 50 * 400, "selection on the border: %d changed inside",
         inside);
  g_free (b);
  g_free (f);
  g_free (a);

  f = path ("outside.png");
  a = load_u8 (f, "R'G'B'A u8", &w, &h);
  CHECK (a && w == 100 && a[0] == 200 && a[1] == 100 && a[2] == 50 &&
         a[(49 * 100 + 49) * 4] == 200,
         "a selection missing the layer changed it");
  g_free (a);
  g_free (f);

  f = path ("tiny.png");
  a = load_u8 (f, "R'G'B' u8", &w, &h);
  CHECK (a && w == 20 && h == 10, "radius 100 on a 20 x 10 image");
  g_free (a);
  g_free (f);

  /* The mask's hard-edged black square, blurred, gives soft alpha.  */
  f = path ("mask.png");
  a = load_u8 (f, "R'G'B'A u8", &w, &h);
  soft = 0;
  for (j = 0; a && j < w * h; j++)
    soft += a[j * 4 + 3] > 5 && a[j * 4 + 3] < 250;
  CHECK (soft > 2000, "layer mask not blurred: %d soft alpha pixels", soft);
  g_free (a);
  g_free (f);

  /* SBOKEH_SIMD naming no path: refused with the message, nothing
   * exported (GIMP's run of our operation would only warn).  */
  f = path ("simd.png");
  g_setenv ("SBOKEH_SIMD", "bogus", TRUE);
  check_refused ("SBOKEH_SIMD=bogus", g_strdup_printf (
    "(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"%s\"))))"
    "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"
    "    #:drawables (car (gimp-image-get-selected-drawables img)) #:radius 5)"
    "  (gimp-file-save RUN-NONINTERACTIVE img \"%s\" -1))", sample, f),
    f, "SBOKEH_SIMD");
  g_unsetenv ("SBOKEH_SIMD");
  g_free (f);

  /* Indexed: refused with a message, nothing exported.  */
  f = path ("indexed.png");
  check_refused ("indexed image", g_strdup_printf (
    "(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"%s\"))))"
    "  (gimp-image-convert-indexed img CONVERT-DITHER-NONE"
    "                              CONVERT-PALETTE-GENERATE 64 FALSE FALSE \"\")"
    "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"
    "    #:drawables (car (gimp-image-get-selected-drawables img)) #:radius 5)"
    "  (gimp-file-save RUN-NONINTERACTIVE img \"%s\" -1))", sample, f),
    f, "indexed images");
  g_free (f);

  /* A layer group: refused with a message naming it (GIMP would refuse
   * to take the result at the end), nothing exported.  */
  f = path ("group.png");
  check_refused ("layer group", g_strdup_printf (
    "(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"%s\")))"
    "       (g (car (gimp-group-layer-new img \"Trees\")))"
    "       (l (vector-ref (car (gimp-image-get-layers img)) 0)))"
    "  (gimp-image-insert-layer img g 0 0)"
    "  (gimp-image-reorder-item img l g 0)"
    "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"
    "    #:drawables (vector g) #:radius 5)"
    "  (gimp-file-save RUN-NONINTERACTIVE img \"%s\" -1))", sample, f),
    f, "layer group 'Trees'");
  g_free (f);

  /* A layer with its pixels locked: refused, nothing exported.  */
  f = path ("locked.png");
  check_refused ("locked pixels", g_strdup_printf (
    "(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"%s\")))"
    "       (l (vector-ref (car (gimp-image-get-layers img)) 0)))"
    "  (gimp-item-set-name l \"Sky\")"
    "  (gimp-item-set-lock-content l TRUE)"
    "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"
    "    #:drawables (vector l) #:radius 5)"
    "  (gimp-file-save RUN-NONINTERACTIVE img \"%s\" -1))", sample, f),
    f, "pixels of 'Sky' are locked");
  g_free (f);
}

/* Values the PDB's own range checks let through but the filter refuses:
 * all weights zero (a rank above the kernel size is taken as the kernel
 * size, test_rank_fitted).  The call returns CALLING_ERROR with a message
 * naming the arguments, and the image (saved after it) is unchanged.  (NaN and infinities cannot reach the
 * plug-in: GObject refuses them when the caller sets the argument; the core
 * and CLI tests cover them.)  */
static void
test_refused_values (const char *sample)
{
  gchar *out = path ("refused.png"), *script, *log = NULL;
  int    status, diff;

  script = g_strdup_printf (
    "img = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path('%s'))\n"
    "layer = img.get_layers()[0]\n"
    "proc = Gimp.get_pdb().lookup_procedure('plug-in-separable-bokeh')\n"
    "for values in ({'l2-weight': 0.0, 'non-negativity-weight': 0.0,\n"
    "                'keep-zeros-weight': 0.0},):\n"
    "    cfg = proc.create_config()\n"
    "    cfg.set_property('image', img)\n"
    "    cfg.set_core_object_array('drawables', [layer])\n"
    "    for k, v in values.items():\n"
    "        cfg.set_property(k, v)\n"
    "    res = proc.run(cfg)\n"
    "    print('REFUSED', res.index(0).value_nick, '|', res.index(1))\n"
    "Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, img, Gio.File.new_for_path('%s'), None)\n",
    sample, out);
  {
    gchar *argv[] = { (gchar *) gimp_run, "--python", script, NULL };

    status = spawn (argv, &log);
  }
  CHECK (status == 0, "refused values batch: %s", log);
  CHECK (strstr (log, "REFUSED calling-error | At least one of l2-weight"),
         "statuses and messages: %s", log);
  diff = max_difference (sample, out, "R'G'B' u8");
  CHECK (diff == 0, "refused calls changed the image by %d", diff);
  g_free (script);
  g_free (log);
  g_free (out);
}

/* ----- Depth of field: the depth-map argument ------------------------- */

/* The scenes, in Script-Fu with the named arguments (OUT and SAMPLE are
 * defined before it).  The photo (600 × 400) is blurred with radius 20 by
 * a map in the same image: one depth everywhere (white, focus 0.5: every
 * pixel blurs by 20 · 0.5 = 10 px); the left half white (near, in focus),
 * the right half black (far, 20 px) as a layer, the same layer moved by
 * an offset, a layer mask, a channel (a saved selection); the map with
 * merge-filter off; and no map, without the argument and as -1.  Each
 * exports the photo alone.  */
#define DEPTH_SCENES                                                        \
  "(define (load) (car (gimp-file-load RUN-NONINTERACTIVE SAMPLE)))"        \
  "(define (photo img) (vector-ref (car (gimp-image-get-layers img)) 0))"   \
  "(define (save img name)"                                                 \
  "  (gimp-file-save RUN-NONINTERACTIVE img (string-append OUT \"/\" name) -1)" \
  "  (gimp-image-delete img))"                                              \
  "(define (fill d v)"                                                      \
  "  (gimp-context-set-foreground (list v v v))"                            \
  "  (gimp-drawable-edit-fill d FILL-FOREGROUND))"                          \
  "(define (gray-layer img v)"                                              \
  "  (let ((d (car (gimp-layer-new img \"depth\" 600 400 RGB-IMAGE 100"     \
  "                                LAYER-MODE-NORMAL))))"                   \
  "    (gimp-image-insert-layer img d 0 -1)"                                \
  "    (fill d v)"                                                          \
  "    d))"                                                                 \
  "(define (left-white img d)"                                              \
  "  (fill d 0)"                                                            \
  "  (gimp-image-select-rectangle img CHANNEL-OP-REPLACE 0 0 300 400)"      \
  "  (fill d 255)"                                                          \
  "  (gimp-selection-none img))"                                            \
  "(let* ((img (load)) (l (photo img)) (d (gray-layer img 255)))"           \
  "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"    \
  "    #:drawables (vector l) #:radius 20 #:depth-map d #:focus-depth 0.5)" \
  "  (gimp-image-remove-layer img d)"                                       \
  "  (save img \"const.png\"))"                                             \
  "(let* ((img (load)) (l (photo img)) (d (gray-layer img 0)))"             \
  "  (left-white img d)"                                                    \
  "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"    \
  "    #:drawables (vector l) #:radius 20 #:depth-map d #:focus-depth 1.0)" \
  "  (gimp-image-remove-layer img d)"                                       \
  "  (save img \"two.png\"))"                                               \
  "(let* ((img (load)) (l (photo img)) (d (gray-layer img 0)))"             \
  "  (left-white img d)"                                                    \
  "  (gimp-layer-set-offsets d 37 -23)"                                     \
  "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"    \
  "    #:drawables (vector l) #:radius 20 #:depth-map d #:focus-depth 1.0)" \
  "  (gimp-image-remove-layer img d)"                                       \
  "  (save img \"offset.png\"))"                                            \
  "(let* ((img (load)) (l (photo img))"                                     \
  "       (m (car (gimp-layer-create-mask l ADD-MASK-BLACK))))"             \
  "  (gimp-layer-add-mask l m)"                                             \
  "  (left-white img m)"                                                    \
  "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"    \
  "    #:drawables (vector l) #:radius 20 #:depth-map m)"                   \
  "  (gimp-layer-remove-mask l MASK-DISCARD)"                               \
  "  (save img \"mask.png\"))"                                              \
  "(let* ((img (load)) (l (photo img)) (c 0))"                              \
  "  (gimp-image-select-rectangle img CHANNEL-OP-REPLACE 0 0 300 400)"      \
  "  (set! c (car (gimp-selection-save img)))"                              \
  "  (gimp-selection-none img)"                                             \
  "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"    \
  "    #:drawables (vector l) #:radius 20 #:depth-map c)"                   \
  "  (save img \"channel.png\"))"                                           \
  "(let* ((img (load)) (l (photo img)) (d (gray-layer img 0)))"             \
  "  (left-white img d)"                                                    \
  "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"    \
  "    #:drawables (vector l) #:radius 20 #:depth-map d #:merge-filter FALSE)" \
  "  (gimp-message (string-append \"depth filters: \""                      \
  "    (number->string (vector-length (car (gimp-drawable-get-filters l))))))" \
  "  (gimp-image-remove-layer img d)"                                       \
  "  (save img \"merge-off.png\"))"                                         \
  "(let* ((img (load)) (l (photo img)))"                                    \
  "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"    \
  "    #:drawables (vector l) #:radius 20)"                                 \
  "  (save img \"no-argument.png\"))"                                       \
  "(let* ((img (load)) (l (photo img)))"                                    \
  "  (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"    \
  "    #:drawables (vector l) #:radius 20 #:depth-map -1)"                  \
  "  (save img \"none.png\"))"

static const char *const depth_files[] = {
  "const.png", "two.png", "offset.png", "mask.png", "channel.png",
  "merge-off.png", "no-argument.png", "none.png"
};

/* Largest difference between A and B over the columns x0 … x1 − 1 (-1:
 * unreadable or of other sizes).  */
static int
difference_in (const char *a, const char *b, int x0, int x1)
{
  int     wa = 0, ha = 0, wb = 0, hb = 0, worst = -1, x, y, c;
  guchar *pa = load_u8 (a, "R'G'B' u8", &wa, &ha);
  guchar *pb = load_u8 (b, "R'G'B' u8", &wb, &hb);

  if (pa && pb && wa == wb && ha == hb)
    {
      worst = 0;
      for (y = 0; y < ha; y++)
        for (x = MAX (x0, 0); x < MIN (x1, wa); x++)
          for (c = 0; c < 3; c++)
            worst = MAX (worst, abs (pa[(y * wa + x) * 3 + c] -
                                     pb[(y * wa + x) * 3 + c]));
    }
  g_free (pa);
  g_free (pb);
  return worst;
}

/* The scenes in one GIMP run into DIR (with VARIABLE set, if any); the
 * log has which way each apply went.  */
static gchar *
depth_scenes (const char *sample, const char *dir, const char *variable)
{
  gchar *script = g_strdup_printf ("(define OUT \"%s\") (define SAMPLE \"%s\") "
                                   DEPTH_SCENES, dir, sample);
  gchar *log = NULL;
  int    status;

  g_mkdir_with_parents (dir, 0700);
  if (variable)
    g_setenv (variable, "1", TRUE);
  status = gimp_with ("SBOKEH_APPLY_TIMING", script, &log);
  if (variable)
    g_unsetenv (variable);
  CHECK (status == 0, "depth scenes (%s) failed (%d): %s",
         variable ? variable : "in GIMP", status, log);
  g_free (script);
  return log;
}

/* A depth map through Script-Fu's named arguments, both ways (GIMP runs
 * sbokeh:separable-bokeh-depth with the map as its aux input, merged; or
 * the plug-in runs the core on the shadow buffers, SBOKEH_IN_PLUGIN):
 *
 *  - one depth everywhere gives sbokeh's uniform blur at R · |d − f| = 10
 *    within U8_TOLERANCE;
 *  - two depths, the left half in focus: its pixels at least 2 R + 2
 *    from the edge are the input exactly, the far half's pixels more than
 *    R + 1 from the edge sbokeh's uniform blur at R within U8_TOLERANCE;
 *  - the map's offset does not matter (pixel (x, y) of the map is pixel
 *    (x, y) of the layer), a layer mask and a channel give the layer
 *    map's pixels, and with merge-filter off the blur is still merged (no
 *    editable filter), the same pixels (each within U8_TOLERANCE);
 *  - no map, with or without the argument: today's blur (sbokeh's);
 *  - the two ways agree within U8_TOLERANCE.  */
static void
test_depth_map (const char *sample)
{
  gchar *dir_gimp = path ("depth-gimp"), *dir_plugin = path ("depth-plugin");
  gchar *ref10 = path ("depth-cli-10.png"), *ref20 = path ("depth-cli-20.png");
  gchar *log_gimp, *log_plugin;
  const int edge = 300, near = edge - 2 * (20 + 1), far = edge + 20 + 1;
  int    way;
  gsize  k;

  log_gimp = depth_scenes (sample, dir_gimp, NULL);
  log_plugin = depth_scenes (sample, dir_plugin, "SBOKEH_IN_PLUGIN");
  CHECK (strstr (log_gimp, "apply: in GIMP, 1 drawable(s)") &&
         strstr (log_gimp, "(depth map)") &&
         ! strstr (log_gimp, "in the plug-in"),
         "depth map: GIMP did not apply the operation itself: %s", log_gimp);
  CHECK (strstr (log_plugin, "in the plug-in") &&
         strstr (log_plugin, "(depth map)") &&
         ! strstr (log_plugin, "apply: in GIMP"),
         "depth map: SBOKEH_IN_PLUGIN did not keep it in the plug-in: %s",
         log_plugin);
  CHECK (strstr (log_gimp, "depth filters: 0") &&
         strstr (log_plugin, "depth filters: 0"),
         "depth map with merge-filter off: an editable filter was left");
  cli (sample, ref10, "--radius 10");
  cli (sample, ref20, "--radius 20");

  for (way = 0; way < 2; way++)
    {
      const char *dir = way ? dir_plugin : dir_gimp;
      const char *name = way ? "in the plug-in" : "in GIMP";
      gchar *f[G_N_ELEMENTS (depth_files)];
      int    d_const, d_near, d_far, d_offset, d_mask, d_channel, d_off;
      int    d_none, d_arg;

      for (k = 0; k < G_N_ELEMENTS (depth_files); k++)
        f[k] = g_build_filename (dir, depth_files[k], NULL);
      d_const   = max_difference (f[0], ref10, "R'G'B' u8");
      d_near    = difference_in (f[1], sample, 0, near);
      d_far     = difference_in (f[1], ref20, far, 600);
      d_offset  = max_difference (f[2], f[1], "R'G'B' u8");
      d_mask    = max_difference (f[3], f[1], "R'G'B' u8");
      d_channel = max_difference (f[4], f[1], "R'G'B' u8");
      d_off     = max_difference (f[5], f[1], "R'G'B' u8");
      d_arg     = max_difference (f[6], ref20, "R'G'B' u8");
      d_none    = max_difference (f[7], f[6], "R'G'B' u8");
      CHECK (d_const >= 0 && d_const <= U8_TOLERANCE,
             "%s: one depth vs sbokeh radius 10: %d levels", name, d_const);
      CHECK (d_near == 0, "%s: the focus half changed by %d levels", name,
             d_near);
      CHECK (d_far >= 0 && d_far <= U8_TOLERANCE,
             "%s: the far half vs sbokeh radius 20: %d levels", name, d_far);
      /* The same depths, the same blur: equal but for the last 8-bit
       * rounding, which babl's conversion paths (chosen at run time) may
       * take either way (measured: 4 values of 720 000, 1 level, in some
       * runs only).  */
      CHECK (d_offset >= 0 && d_offset <= U8_TOLERANCE,
             "%s: the map's offset changed the result by %d", name,
             d_offset);
      CHECK (d_mask >= 0 && d_mask <= U8_TOLERANCE &&
             d_channel >= 0 && d_channel <= U8_TOLERANCE,
             "%s: layer mask %d, channel %d levels from the layer map", name,
             d_mask, d_channel);
      CHECK (d_off >= 0 && d_off <= U8_TOLERANCE,
             "%s: merge-filter off: %d levels", name, d_off);
      CHECK (d_arg >= 0 && d_arg <= U8_TOLERANCE &&
             d_none >= 0 && d_none <= U8_TOLERANCE,
             "%s: no map %d levels from sbokeh, -1 %d from no argument",
             name, d_arg, d_none);
      printf ("  depth map %s: one depth %d levels from sbokeh r 10; two "
              "depths: focus half (x < %d) %d, far half (x >= %d) %d from "
              "sbokeh r 20; offset %d, mask %d, channel %d, merge-filter "
              "off %d from the layer map; no map %d from sbokeh, -1 %d\n",
              name, d_const, near, d_near, far, d_far, d_offset, d_mask,
              d_channel, d_off, d_arg, d_none);
      for (k = 0; k < G_N_ELEMENTS (depth_files); k++)
        g_free (f[k]);
    }

  for (k = 0; k < G_N_ELEMENTS (depth_files); k++)
    {
      gchar *a = g_build_filename (dir_gimp, depth_files[k], NULL);
      gchar *b = g_build_filename (dir_plugin, depth_files[k], NULL);
      int    d = max_difference (a, b, "R'G'B' u8");

      CHECK (d >= 0 && d <= U8_TOLERANCE, "depth %s: the two ways %d levels "
             "apart", depth_files[k], d);
      printf ("  depth %s: in GIMP vs in the plug-in %d levels\n",
              depth_files[k], d);
      g_unlink (a);
      g_unlink (b);
      g_free (a);
      g_free (b);
    }
  g_rmdir (dir_gimp);
  g_rmdir (dir_plugin);
  g_unlink (ref10);
  g_unlink (ref20);
  g_free (log_gimp);
  g_free (log_plugin);
  g_free (dir_gimp);
  g_free (dir_plugin);
  g_free (ref10);
  g_free (ref20);
}

/* Maps that cannot serve: of another size (the message names both sizes)
 * and of another image; each call returns CALLING_ERROR and the layer,
 * saved after both, is unchanged.  */
static void
test_depth_map_refused (const char *sample)
{
  gchar *out = path ("depth-refused.png"), *script, *log = NULL;
  int    status, diff;

  script = g_strdup_printf (
    "img = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path('%s'))\n"
    "layer = img.get_layers()[0]\n"
    "small = Gimp.Layer.new(img, 'small', 300, 200, Gimp.ImageType.RGB_IMAGE,\n"
    "                       100, Gimp.LayerMode.NORMAL)\n"
    "img.insert_layer(small, None, -1)\n"
    "other = Gimp.Image.new(600, 400, Gimp.ImageBaseType.RGB)\n"
    "alien = Gimp.Layer.new(other, 'alien', 600, 400, Gimp.ImageType.RGB_IMAGE,\n"
    "                       100, Gimp.LayerMode.NORMAL)\n"
    "other.insert_layer(alien, None, 0)\n"
    "proc = Gimp.get_pdb().lookup_procedure('plug-in-separable-bokeh')\n"
    "for what, m in (('size', small), ('image', alien)):\n"
    "    cfg = proc.create_config()\n"
    "    cfg.set_property('image', img)\n"
    "    cfg.set_core_object_array('drawables', [layer])\n"
    "    cfg.set_property('radius', 20.0)\n"
    "    cfg.set_property('depth-map', m)\n"
    "    res = proc.run(cfg)\n"
    "    print('REFUSED', what, res.index(0).value_nick, '|', res.index(1))\n"
    "img.remove_layer(small)\n"
    "Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, img, Gio.File.new_for_path('%s'), None)\n",
    sample, out);
  {
    gchar *argv[] = { (gchar *) gimp_run, "--python", script, NULL };

    status = spawn (argv, &log);
  }
  CHECK (status == 0, "refused depth maps batch: %s", log);
  CHECK (strstr (log, "REFUSED size calling-error | The depth map 'small' "
                      "is 300 × 200 pixels and '") &&
         strstr (log, "' is 600 × 400"),
         "a map of another size: %s", log);
  CHECK (strstr (log, "REFUSED image calling-error | The depth map 'alien' "
                      "belongs to another image"),
         "a map of another image: %s", log);
  diff = max_difference (sample, out, "R'G'B' u8");
  CHECK (diff == 0, "refused depth maps changed the layer by %d", diff);
  printf ("  depth maps of another size and of another image: "
          "calling-error with the message, the layer unchanged (%d)\n", diff);
  g_free (script);
  g_free (log);
  g_free (out);
}

/* ----- A custom aperture: aperture-drawable, aperture-brush ------------ */

/* Issue 22's bar: a star picture as a layer of another image, through
 * GIMP, gives the pixels of `sbokeh apply --shape custom --aperture` on
 * the same file within U8_TOLERANCE; a brush (a generated one, 5 spikes:
 * GIMP runs without its data here) works and changes the output against
 * the disk; shape custom without a picture is a CALLING_ERROR naming the
 * arguments, the layer unchanged.  The star: a white five-pointed star
 * on black, 200 px, drawn by ImageMagick-free Script-Fu (a selection
 * polygon filled white).  */
static void
test_custom_aperture (const char *sample)
{
  gchar *star = path ("star.png"), *out = path ("custom-gimp.png");
  gchar *ref = path ("custom-cli.png"), *brush = path ("custom-brush.png");
  gchar *disk = path ("custom-disk.png"), *refused = path ("custom-none.png");
  gchar *script, *log = NULL, *args;
  int    status, diff, changed, unchanged;

  script = g_strdup_printf (
    "(let* ((s (car (gimp-image-new 200 200 GRAY)))"
    "       (l (car (gimp-layer-new s \"star\" 200 200 GRAY-IMAGE 100"
    "                               LAYER-MODE-NORMAL))))"
    "  (gimp-image-insert-layer s l 0 -1)"
    "  (gimp-context-set-foreground '(0 0 0))"
    "  (gimp-drawable-edit-fill l FILL-FOREGROUND)"
    "  (gimp-image-select-polygon s CHANNEL-OP-REPLACE"
    "    (vector 100 5 124 72 195 72 138 115 159 185 100 142 41 185 62 115"
    "            5 72 76 72))"
    "  (gimp-context-set-foreground '(255 255 255))"
    "  (gimp-drawable-edit-fill l FILL-FOREGROUND)"
    "  (gimp-selection-none s)"
    "  (gimp-file-save RUN-NONINTERACTIVE s \"%s\" -1)"
    "  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"%s\")))"
    "         (ds (car (gimp-image-get-selected-drawables img))))"
    "    (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"
    "      #:drawables ds #:radius 12 #:rank 8 #:highlight-boost 4"
    "      #:shape \"custom\" #:aperture-drawable l)"
    "    (gimp-file-save RUN-NONINTERACTIVE img \"%s\" -1))"
    "  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"%s\")))"
    "         (ds (car (gimp-image-get-selected-drawables img)))"
    "         (b (car (gimp-brush-new \"Aperture star\"))))"
    "    (gimp-brush-set-shape b BRUSH-GENERATED-SQUARE)"
    "    (gimp-brush-set-spikes b 5)"
    "    (gimp-brush-set-radius b 40)"
    "    (gimp-brush-set-hardness b 1.0)"
    "    (plug-in-separable-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"
    "      #:drawables ds #:radius 12 #:rank 8 #:highlight-boost 4"
    "      #:shape \"custom\" #:aperture-brush b)"
    "    (gimp-file-save RUN-NONINTERACTIVE img \"%s\" -1)))",
    star, sample, out, sample, brush);
  status = gimp_with ("SBOKEH_APPLY_TIMING", script, &log);
  CHECK (status == 0, "custom aperture batch failed (%d): %s", status, log);
  CHECK (log && strstr (log, "in the plug-in") && ! strstr (log, "in GIMP,"),
         "custom aperture: not applied in the plug-in: %s", log);
  g_free (script);
  g_free (log);

  args = g_strdup_printf ("--radius 12 --rank 8 --highlight-boost 4 --shape "
                          "custom --aperture %s", star);
  cli (sample, ref, args);
  g_free (args);
  cli (sample, disk, "--radius 12 --rank 8 --highlight-boost 4");
  diff = max_difference (out, ref, "R'G'B' u8");
  CHECK (diff >= 0 && diff <= U8_TOLERANCE,
         "star layer vs sbokeh --aperture star.png: %d levels", diff);
  changed = max_difference (brush, disk, "R'G'B' u8");
  CHECK (changed > 10, "the brush aperture vs the disk: only %d levels",
         changed);
  printf ("  custom aperture: a star layer of another image %d levels from "
          "sbokeh --aperture star.png (radius 12, rank 8, boost 4); a "
          "5-spike brush %d levels from the disk\n", diff, changed);

  /* No picture: CALLING_ERROR, the message names both arguments.  */
  script = g_strdup_printf (
    "img = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path('%s'))\n"
    "layer = img.get_layers()[0]\n"
    "proc = Gimp.get_pdb().lookup_procedure('plug-in-separable-bokeh')\n"
    "cfg = proc.create_config()\n"
    "cfg.set_property('image', img)\n"
    "cfg.set_core_object_array('drawables', [layer])\n"
    "cfg.set_property('radius', 12.0)\n"
    "cfg.set_property('shape', 'custom')\n"
    "res = proc.run(cfg)\n"
    "print('NOPICTURE', res.index(0).value_nick, '|', res.index(1))\n"
    "Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, img, Gio.File.new_for_path('%s'), None)\n",
    sample, refused);
  {
    gchar *argv[] = { (gchar *) gimp_run, "--python", script, NULL };

    status = spawn (argv, &log);
  }
  CHECK (status == 0, "custom without a picture batch: %s", log);
  CHECK (log && strstr (log, "NOPICTURE calling-error | Shape custom needs a "
                             "picture of the aperture: set aperture-drawable"),
         "custom without a picture: %s", log ? log : "");
  CHECK (log && strstr (log, "aperture-brush"), "the message names "
         "aperture-brush: %s", log ? log : "");
  unchanged = max_difference (sample, refused, "R'G'B' u8");
  CHECK (unchanged == 0, "custom without a picture changed the layer by %d",
         unchanged);
  printf ("  custom without a picture: calling-error naming aperture-drawable "
          "and aperture-brush, the layer unchanged (%d)\n", unchanged);
  g_free (script);
  g_free (log);
  g_free (star);
  g_free (out);
  g_free (ref);
  g_free (brush);
  g_free (disk);
  g_free (refused);
}

int
main (int argc, char **argv)
{
  gchar *sample;

  if (argc != 5)
    {
      fprintf (stderr, "usage: test-plugin GIMP-RUN SBOKEH SAMPLE.png "
               "DRAWABLE-KINDS.scm\n");
      return 2;
    }
  gimp_run = argv[1];
  sbokeh = argv[2];
  kinds_script = argv[4];
  sample = g_canonicalize_filename (argv[3], NULL);
  gegl_init (NULL, NULL);
  tmpdir = g_dir_make_tmp ("sbokeh-plugin-XXXXXX", NULL);

  test_same_as_cli (sample);
  test_routes (sample);
  test_editable (sample);
  test_selection (sample);
  test_alpha ();
  test_gray (sample);
  test_engine (sample);
  test_precisions_and_layers (sample);
  test_drawable_kinds (sample);
  test_refused_values (sample);
  test_bad_arguments (sample);
  test_rank_fitted (sample);
  test_invalid_choice (sample);
  test_depth_map (sample);
  test_depth_map_refused (sample);
  test_custom_aperture (sample);

  check_remove_dir (tmpdir);
  g_free (tmpdir);
  g_free (sample);
  gegl_exit ();
  return check_exit ("plugin");
}
