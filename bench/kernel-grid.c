/* sbokeh-kernel-grid: the README's figures.
 *
 *   sbokeh-kernel-grid ranks OUT.png
 *     radius 25; the target, then one column per rank (1, 2, 4, 8); one
 *     row per method: plain SVD, then optimised with the seed's two
 *     favourite weight pairs;
 *   sbokeh-kernel-grid weights OUT.png
 *     the seed's grid: rank 4, radius 25, wn ∈ {0, 0.5, 1.5} (rows) ×
 *     wz ∈ {0, 0.3, 0.8} (columns);
 *   sbokeh-kernel-grid photo IN OUT.png
 *     the same grid applied to a crop of IN with highlight boost 7.
 *
 * Kernel cells show the applied K on the target's scale (white = 1),
 * negative values red and amplified ×10 as in the dialog.  */
#include "config.h"

#include <gegl.h>
#include <stdio.h>
#include <string.h>

#include "load-image.h"
#include "sbokeh.h"

#define CELL      153   /* 51 taps × 3 */
#define GAP       6
#define NEG_GAIN  10.0

static void
paint (guchar *img, int stride, int x0, int y0, const double *k, int n)
{
  int scale = CELL / n, y, x;

  for (y = 0; y < CELL; y++)
    for (x = 0; x < CELL; x++)
      {
        double  v = k[(y / scale) * n + x / scale];
        guchar *p = img + (gsize) (y0 + y) * stride + (x0 + x) * 3;

        if (v >= 0)
          p[0] = p[1] = p[2] = (guchar) (255 * MIN (v, 1.0) + 0.5);
        else
          {
            p[0] = (guchar) (255 * MIN (-v * NEG_GAIN, 1.0) + 0.5);
            p[1] = p[2] = 0;
          }
      }
}

static const double grid_wn[3] = { 0.0, 0.5, 1.5 };
static const double grid_wz[3] = { 0.0, 0.3, 0.8 };

static void
save_rgb (const guchar *img, int w, int h, const char *path)
{
  GeglRectangle r = { 0, 0, w, h };
  GeglBuffer   *b = gegl_buffer_new (&r, babl_format ("R'G'B' u8"));
  GeglNode     *g = gegl_node_new ();
  GeglNode     *s, *save;

  gegl_buffer_set (b, &r, 0, babl_format ("R'G'B' u8"), img,
                   GEGL_AUTO_ROWSTRIDE);
  s = gegl_node_new_child (g, "operation", "gegl:buffer-source", "buffer", b,
                           NULL);
  save = gegl_node_new_child (g, "operation", "gegl:png-save", "path", path,
                              "bitdepth", 8, NULL);
  gegl_node_link (s, save);
  gegl_node_process (save);
  g_object_unref (g);
  g_object_unref (b);
}

static void
design_grid (int i, int j, SbokehDesign *d)
{
  SbokehParams p;

  sbokeh_params_init_default (&p);
  p.engine = SBOKEH_ENGINE_DENSE;

  p.radius = 25;
  p.rank = 4;
  p.nonneg_weight = grid_wn[i];
  p.zeros_weight = grid_wz[j];
  sbokeh_design_run (&p, d);
}

/* The seed's 3 × 3 grid of kernels.  */
static int
weights_grid (const char *path)
{
  const int w = 3 * CELL + 4 * GAP, h = w;
  guchar   *img = g_malloc ((gsize) w * h * 3);
  int       i, j;

  memset (img, 64, (gsize) w * h * 3);
  for (i = 0; i < 3; i++)
    for (j = 0; j < 3; j++)
      {
        SbokehDesign d;
        double      *k;

        design_grid (i, j, &d);
        k = g_new (double, d.target.size * d.target.size);
        sbokeh_filters_reconstruct (&d.filters, k);
        paint (img, w * 3, GAP + j * (CELL + GAP), GAP + i * (CELL + GAP), k,
               d.target.size);
        g_free (k);
        sbokeh_design_clear (&d);
      }
  save_rgb (img, w, h, path);
  g_free (img);
  return 0;
}

/* The same grid applied to a crop of a photo, highlight boost 7.  */
static int
photo_grid (const char *in_path, const char *path)
{
  const int     crop = 200;
  GeglBuffer   *in = load_image (in_path);
  const int     w = 3 * crop + 4 * GAP, h = w;
  guchar       *img = g_malloc ((gsize) w * h * 3);
  GeglRectangle area;
  int           i, j;

  if (! in)
    return 1;
  /* The spoon and the rim of the saucer: specular highlights.  */
  area = (GeglRectangle) { 290, 190, crop, crop };
  memset (img, 64, (gsize) w * h * 3);
  for (i = 0; i < 3; i++)
    for (j = 0; j < 3; j++)
      {
        SbokehDesign d;
        GeglBuffer  *out = gegl_buffer_new (gegl_buffer_get_extent (in),
                                            gegl_buffer_get_format (in));
        guchar      *px = g_malloc ((gsize) crop * crop * 3);
        int          y;

        design_grid (i, j, &d);
        sbokeh_apply_buffer (&d.filters, 7.0, in, out, &area, NULL, NULL,
                             NULL);
        gegl_buffer_get (out, &area, 1.0, babl_format ("R'G'B' u8"), px,
                         GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
        for (y = 0; y < crop; y++)
          memcpy (img + ((gsize) (GAP + i * (crop + GAP) + y) * w +
                         GAP + j * (crop + GAP)) * 3,
                  px + (gsize) y * crop * 3, crop * 3);
        g_free (px);
        g_object_unref (out);
        sbokeh_design_clear (&d);
      }
  save_rgb (img, w, h, path);
  g_free (img);
  g_object_unref (in);
  return 0;
}

static int
ranks_grid (const char *path);

int
main (int argc, char **argv)
{
  int status = 2;

  gegl_init (NULL, NULL);
  if (argc == 3 && ! strcmp (argv[1], "ranks"))
    status = ranks_grid (argv[2]);
  else if (argc == 3 && ! strcmp (argv[1], "weights"))
    status = weights_grid (argv[2]);
  else if (argc == 4 && ! strcmp (argv[1], "photo"))
    status = photo_grid (argv[2], argv[3]);
  else
    fprintf (stderr, "usage: sbokeh-kernel-grid ranks|weights OUT.png\n"
                     "       sbokeh-kernel-grid photo IN OUT.png\n");
  gegl_exit ();
  return status;
}

static int
ranks_grid (const char *path)
{
  const int    ranks[] = { 1, 2, 4, 8 };
  const double methods[][3] = { { 0, 0, 0 }, { 0.5, 0.3, 1 }, { 1.5, 0.3, 1 } };
  const int    cols = 1 + G_N_ELEMENTS (ranks), rows = G_N_ELEMENTS (methods);
  const int    w = cols * CELL + (cols + 1) * GAP;
  const int    h = rows * CELL + (rows + 1) * GAP;
  guchar      *img;
  int          m, i;

  img = g_malloc0 ((gsize) w * h * 3);
  memset (img, 64, (gsize) w * h * 3);

  for (m = 0; m < rows; m++)
    for (i = 0; i < (int) G_N_ELEMENTS (ranks); i++)
      {
        SbokehParams p;
        SbokehDesign d;
        double      *k;
        int          n;

        sbokeh_params_init_default (&p);
        p.engine = SBOKEH_ENGINE_DENSE;

        p.radius = 25;
        p.rank = ranks[i];
        p.nonneg_weight = methods[m][0];
        p.zeros_weight = methods[m][1];
        p.max_evaluations = methods[m][2] > 0 ? SBOKEH_EVALUATIONS_DEFAULT : 0;
        if (sbokeh_design_run (&p, &d) != SBOKEH_OK)
          return 1;
        n = d.target.size;
        k = g_new (double, n * n);
        sbokeh_filters_reconstruct (&d.filters, k);
        if (i == 0)
          paint (img, w * 3, GAP, GAP + m * (CELL + GAP), d.target.data, n);
        paint (img, w * 3, GAP + (i + 1) * (CELL + GAP),
               GAP + m * (CELL + GAP), k, n);
        g_free (k);
        sbokeh_design_clear (&d);
      }

  save_rgb (img, w, h, path);
  g_free (img);
  return 0;
}
