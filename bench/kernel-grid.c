/* sbokeh-kernel-grid OUT.png: the README's kernel figure.  Radius 25; one
 * column per rank (1, 2, 4, 8), one row per method: the plain SVD, then the
 * optimizer with the seed's two favourite weight pairs.  Each cell is the
 * applied kernel K on the target's scale (white = 1), negative values red
 * and amplified ×10 as in the dialog; the first column is the target.  */
#include "config.h"

#include <gegl.h>
#include <stdio.h>
#include <string.h>

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

int
main (int argc, char **argv)
{
  const int    ranks[] = { 1, 2, 4, 8 };
  const double methods[][3] = { { 0, 0, 0 }, { 0.5, 0.3, 1 }, { 1.5, 0.3, 1 } };
  const int    cols = 1 + G_N_ELEMENTS (ranks), rows = G_N_ELEMENTS (methods);
  const int    w = cols * CELL + (cols + 1) * GAP;
  const int    h = rows * CELL + (rows + 1) * GAP;
  guchar      *img;
  GeglRectangle r = { 0, 0, w, h };
  GeglBuffer  *b;
  GeglNode    *g, *s, *save;
  int          m, i;

  if (argc != 2)
    {
      fprintf (stderr, "usage: sbokeh-kernel-grid OUT.png\n");
      return 2;
    }
  gegl_init (NULL, NULL);
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

  b = gegl_buffer_new (&r, babl_format ("R'G'B' u8"));
  gegl_buffer_set (b, &r, 0, babl_format ("R'G'B' u8"), img,
                   GEGL_AUTO_ROWSTRIDE);
  g = gegl_node_new ();
  s = gegl_node_new_child (g, "operation", "gegl:buffer-source", "buffer", b,
                           NULL);
  save = gegl_node_new_child (g, "operation", "gegl:png-save", "path",
                              argv[1], "bitdepth", 8, NULL);
  gegl_node_link (s, save);
  gegl_node_process (save);
  g_object_unref (g);
  g_object_unref (b);
  g_free (img);
  gegl_exit ();
  return 0;
}
