/* sbokeh: a design printed, as JSON or as a C header (see
 * kernel-print.h).  */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kernel-print.h"

static void
json_array (const double *values,
            int           n)
{
  int k;

  putchar ('[');
  for (k = 0; k < n; k++)
    printf ("%s%.17g", k ? ", " : "", values[k]);
  putchar (']');
}

static void
json_rows (const char   *indent,
           const double *values,
           int           rows,
           int           n)
{
  int i;

  printf ("[\n");
  for (i = 0; i < rows; i++)
    {
      printf ("%s  ", indent);
      json_array (values + (gsize) i * n, n);
      printf ("%s\n", i + 1 < rows ? "," : "");
    }
  printf ("%s]", indent);
}

static void
json_loss (const char       *name,
           const SbokehLoss *loss,
           gboolean          last)
{
  printf ("    \"%s\": {\"l2\": %.17g, \"negative\": %.17g, "
          "\"leakage\": %.17g, \"total\": %.17g}%s\n",
          name, loss->l2, loss->negative, loss->leakage, loss->total,
          last ? "" : ",");
}

/* The pieces of rank filters of n taps: per filter, [first tap, taps,
 * value] for each run of equal values.  */
static void
json_pieces (const double *filters,
             int           rank,
             int           n)
{
  int *starts = g_new (int, n);
  int  i, k;

  printf ("[\n");
  for (i = 0; i < rank; i++)
    {
      const double *f = filters + (gsize) i * n;
      int           runs = sbokeh_filters_runs (f, n, starts);

      printf ("      [");
      for (k = 0; k < runs; k++)
        {
          int end = k + 1 < runs ? starts[k + 1] : n;

          printf ("%s[%d, %d, %.17g]", k ? ", " : "", starts[k],
                  end - starts[k], f[starts[k]]);
        }
      printf ("]%s\n", i + 1 < rank ? "," : "");
    }
  printf ("    ]");
  g_free (starts);
}

/* A JSON string: quotes, backslashes and control characters escaped.  */
static void
json_string (const char *text)
{
  const unsigned char *c;

  putchar ('"');
  for (c = (const unsigned char *) text; *c; c++)
    if (*c == '"' || *c == '\\')
      printf ("\\%c", *c);
    else if (*c < 0x20)
      printf ("\\u%04x", *c);
    else
      putchar (*c);
  putchar ('"');
}

void
cli_print_json (const SbokehDesign *d,
                const char         *aperture_file)
{
  const SbokehParams *p = &d->params;
  const int           n = d->target.size;
  const gboolean      boxes = d->engine == SBOKEH_ENGINE_BOXES;
  const SbokehChoice *shape =
    sbokeh_params_choice_of_value (&sbokeh_params_table[SBOKEH_PARAM_SHAPE],
                                   p->aperture.shape);

  printf ("{\n");
  printf ("  \"radius\": %.17g,\n  \"rank\": %d,\n  \"size\": %d,\n",
          p->radius, p->rank, n);
  printf ("  \"engine\": \"%s\",\n", sbokeh_engine_name (d->engine));
  printf ("  \"weights\": {\"l2\": %.17g, \"non_negativity\": %.17g, "
          "\"keep_zeros\": %.17g},\n",
          p->l2_weight, p->nonneg_weight, p->zeros_weight);
  printf ("  \"aperture\": {\"shape\": \"%s\", \"blades\": %d, "
          "\"rotation\": %.17g, \"curvature\": %.17g",
          shape ? shape->nick : "disk",
          p->aperture.blades, p->aperture.rotation, p->aperture.curvature);
  if (p->aperture.shape == SBOKEH_SHAPE_CUSTOM && aperture_file)
    {
      printf (", \"picture\": ");
      json_string (aperture_file);
    }
  printf ("},\n");
  printf ("  \"singular_values\": ");
  json_array (d->singular_values, n);
  printf (",\n  \"loss\": {\n");
  json_loss ("before", &d->optimize.before, FALSE);
  json_loss ("after", boxes ? &d->boxes.after : &d->optimize.after, TRUE);
  printf ("  },\n");
  printf ("  \"evaluations\": %d,\n", d->optimize.evaluations);
  printf ("  \"seconds\": {\"svd\": %.6f, \"optimize\": %.6f},\n",
          d->svd_seconds, d->optimize.seconds);
  if (boxes)
    {
      SbokehBoxesPasses rs;
      int               lookups = 0;

      if (sbokeh_boxes_passes_prepare (&d->filters, &rs) == SBOKEH_OK)
        lookups = sbokeh_boxes_passes_lookups (&rs);
      sbokeh_boxes_passes_clear (&rs);
      printf ("  \"boxes\": {\n");
      printf ("    \"loss_dense\": %.17g,\n    \"loss_fitted\": %.17g,\n",
              d->boxes.dense.total, d->boxes.fitted.total);
      printf ("    \"moves\": %d,\n    \"evaluations\": %d,\n"
              "    \"seconds\": %.6f,\n    \"multiply_adds\": %d,\n",
              d->boxes.moves, d->boxes.evaluations, d->boxes.seconds,
              lookups);
      printf ("    \"vertical\": ");
      json_pieces (d->filters.vertical, p->rank, n);
      printf (",\n    \"horizontal\": ");
      json_pieces (d->filters.horizontal, p->rank, n);
      printf ("\n  },\n");
    }
  printf ("  \"kernel_sum\": %.17g,\n", sbokeh_filters_sum (&d->filters));
  printf ("  \"target\": ");
  json_rows ("  ", d->target.data, n, n);
  printf (",\n  \"vertical\": ");
  json_rows ("  ", d->filters.vertical, p->rank, n);
  printf (",\n  \"horizontal\": ");
  json_rows ("  ", d->filters.horizontal, p->rank, n);
  printf ("\n}\n");
}

static void
c_rows (const char   *name,
        const double *values,
        double        scale,
        int           rank,
        int           n)
{
  int i, k;

  printf ("static const float %s[SBOKEH_RANK][SBOKEH_TAPS] =\n{\n", name);
  for (i = 0; i < rank; i++)
    {
      printf ("  {");
      for (k = 0; k < n; k++)
        printf ("%s%s%.9gf", k ? "," : "", k % 6 ? " " : "\n    ",
                values[(gsize) i * n + k] * scale);
      printf ("\n  }%s\n", i + 1 < rank ? "," : "");
    }
  printf ("};\n\n");
}

void
cli_print_c (const SbokehDesign *d)
{
  const SbokehParams *p = &d->params;
  const int           n = d->target.size;
  const double        sum = sbokeh_filters_sum (&d->filters);

  printf ("/* Separable bokeh filters made by sbokeh %s.\n"
          " * Disk radius %g px, rank %d, weights l2 %g, non-negativity %g, "
          "keep-zeros %g.\n"
          " * Engine %s; loss %.6g (SVD start %.6g) after %d evaluations.\n"
          " *\n"
          " * Normalised: the kernel K[y][x] = sum_i sbokeh_vertical[i][y] *\n"
          " * sbokeh_horizontal[i][x] sums to 1.  Apply as N passes: convolve\n"
          " * rows with sbokeh_horizontal[i], then columns with\n"
          " * sbokeh_vertical[i], and add the N results.  Tap SBOKEH_CENTER\n"
          " * is the centre.\n"
          " */\n",
          SBOKEH_VERSION, p->radius, p->rank, p->l2_weight, p->nonneg_weight,
          p->zeros_weight,
          d->engine == SBOKEH_ENGINE_BOXES ? "boxes (piecewise constant "
                                             "filters)" : "dense",
          d->engine == SBOKEH_ENGINE_BOXES ? d->boxes.after.total
                                           : d->optimize.after.total,
          d->optimize.before.total, d->optimize.evaluations);
  printf ("#define SBOKEH_RANK   %d\n#define SBOKEH_TAPS   %d\n"
          "#define SBOKEH_CENTER %d\n\n", p->rank, n, n / 2);
  c_rows ("sbokeh_vertical", d->filters.vertical, 1.0, p->rank, n);
  c_rows ("sbokeh_horizontal", d->filters.horizontal, 1.0 / sum, p->rank, n);
}
