/* sbokeh: the Separable Bokeh core from the command line.
 *
 *   sbokeh kernel --radius R --rank N [weights] [--format json|c]
 *   sbokeh apply IN OUT --radius R --rank N [weights]
 *
 * Exit status: 0 success, 1 failure while working (I/O, memory), 2 bad
 * arguments or an input that cannot be read (nothing is written).  Files
 * are read and written by io-load.c and io-save.c (see cli/README.md).
 */
#include "config.h"

#include <errno.h>
#include <glib.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "sbokeh.h"

#define EXIT_FAILED  1
#define EXIT_USAGE   2

typedef struct
{
  SbokehParams params;
  gchar       *format;
  gchar       *choices[SBOKEH_N_PARAMS];  /* the choice options' words */
} Options;

static Options opts;

/* The options' names are the table's (core/params.h), as the plug-in's
 * arguments; these have a short name too.  */
static const struct
{
  const char *name;
  char        short_name;
} short_names[] =
{
  { "radius", 'r' },
  { "rank",   'n' },
};

/* Spellings of version 1, still accepted, not shown in --help.  */
static const struct
{
  const char *alias;
  const char *name;
} aliases[] =
{
  { "non-negativity", "non-negativity-weight" },
  { "keep-zeros",     "keep-zeros-weight" },
};

/* Enough for "%g" of any double.  */
#define NUMBER_MAX 32

/* One option per table entry, then the aliases; descriptions translated
 * and with their ranges (filled by build_filter_entries).  */
static GOptionEntry filter_entries[SBOKEH_N_PARAMS + G_N_ELEMENTS (aliases)
                                   + 1];
static GPtrArray   *option_strings;   /* the texts made for them */

static GOptionEntry kernel_entries[] =
{
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opts.format,
    N_("Output format: json (default) or c"), N_("FORMAT") },
  { NULL }
};

static const gchar *
kept (gchar *text)
{
  g_ptr_array_add (option_strings, text);
  return text;
}

/* The help text of INFO's option: its description and its range, or its
 * choices, with the default.  */
static const gchar *
option_help (const SbokehParamInfo *info)
{
  char default_text[NUMBER_MAX];

  sbokeh_params_format (info, info->default_value, default_text,
                        sizeof (default_text));
  if (info->kind == SBOKEH_PARAM_CHOICE)
    {
      GString *nicks = g_string_new (NULL);
      int      i;
      gchar   *text;

      for (i = 0; i < info->n_choices; i++)
        g_string_append_printf (nicks, "%s%s", i ? ", " : "",
                                info->choices[i].nick);
      text = g_strdup_printf (_("%s (%s; default %s)"), _(info->description),
                              nicks->str, default_text);
      g_string_free (nicks, TRUE);
      return kept (text);
    }
  else
    {
      char min[NUMBER_MAX], max[NUMBER_MAX];

      return kept (g_strdup_printf (
        _("%s (%s … %s, default %s)"), _(info->description),
        sbokeh_params_format (info, info->minimum, min, sizeof (min)),
        sbokeh_params_format (info, info->maximum, max, sizeof (max)),
        default_text));
    }
}

static void
option_entry (GOptionEntry          *entry,
              const SbokehParamInfo *info)
{
  gsize i;

  entry->long_name = info->name;
  for (i = 0; i < G_N_ELEMENTS (short_names); i++)
    if (! strcmp (short_names[i].name, info->name))
      entry->short_name = short_names[i].short_name;
  switch (info->kind)
    {
    case SBOKEH_PARAM_DOUBLE:
      entry->arg = G_OPTION_ARG_DOUBLE;
      entry->arg_data = sbokeh_params_field (&opts.params, info);
      entry->arg_description = info->unit == SBOKEH_UNIT_DEGREES
                               ? "DEGREES" : "X";
      break;
    case SBOKEH_PARAM_INT:
      entry->arg = G_OPTION_ARG_INT;
      entry->arg_data = sbokeh_params_field (&opts.params, info);
      entry->arg_description = "N";
      break;
    case SBOKEH_PARAM_CHOICE:
      entry->arg = G_OPTION_ARG_STRING;
      entry->arg_data = &opts.choices[info->id];
      entry->arg_description = kept (g_ascii_strup (info->name, -1));
      break;
    }
  entry->description = option_help (info);
}

static void
build_filter_entries (void)
{
  int   i;
  gsize k;

  option_strings = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    option_entry (&filter_entries[i], &sbokeh_params_table[i]);
  for (k = 0; k < G_N_ELEMENTS (aliases); k++)
    {
      GOptionEntry *entry = &filter_entries[SBOKEH_N_PARAMS + k];

      *entry = filter_entries[sbokeh_params_lookup (aliases[k].name)->id];
      entry->long_name = aliases[k].alias;
      entry->short_name = 0;
      entry->flags |= G_OPTION_FLAG_HIDDEN;
    }
  for (k = 0; kernel_entries[k].long_name; k++)
    {
      kernel_entries[k].description = _(kernel_entries[k].description);
      kernel_entries[k].arg_description = _(kernel_entries[k].arg_description);
    }
}

static int
usage_error (const gchar *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const gchar *format,
             ...)
{
  va_list args;
  gchar  *msg;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("sbokeh: %s\n", msg);
  g_free (msg);
  return EXIT_USAGE;
}

/* Prints an I/O error's one line; its code is the exit status.  */
static int
error_exit (GError *error)
{
  int status = error->code;

  g_printerr ("sbokeh: %s\n", error->message);
  g_error_free (error);
  return status;
}

/* A one-line message naming the option and its range.  */
static int
params_error (SbokehStatus status)
{
  const SbokehParams    *p = &opts.params;
  const SbokehParamInfo *bad = sbokeh_params_out_of_range (p);
  char                   got[NUMBER_MAX], min[NUMBER_MAX], max[NUMBER_MAX];

  if (bad && bad->status == status)
    return usage_error (_("--%s must be from %s to %s (got %s)"), bad->name,
                        sbokeh_params_format (bad, bad->minimum, min,
                                              sizeof (min)),
                        sbokeh_params_format (bad, bad->maximum, max,
                                              sizeof (max)),
                        sbokeh_params_format (bad,
                                              sbokeh_params_get (p, bad),
                                              got, sizeof (got)));
  return usage_error ("%s", sbokeh_status_message (status));
}

/* The choice options' words into the parameters, then every check of the
 * parameters: before anything is loaded.  Returns -1 when all are good,
 * else an exit status.  */
static int
check_options (void)
{
  SbokehStatus status;
  int          i;

  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    {
      const SbokehParamInfo *info = &sbokeh_params_table[i];
      const SbokehChoice    *choice;
      GString               *nicks;
      int                    k;

      if (info->kind != SBOKEH_PARAM_CHOICE || ! opts.choices[i])
        continue;
      choice = sbokeh_params_choice (info, opts.choices[i]);
      if (choice)
        {
          *(int *) sbokeh_params_field (&opts.params, info) = choice->value;
          continue;
        }
      nicks = g_string_new (NULL);
      for (k = 0; k < info->n_choices; k++)
        g_string_append_printf (nicks, "%s%s", k ? ", " : "",
                                info->choices[k].nick);
      k = usage_error (_("--%s must be one of %s (got '%s')"), info->name,
                       nicks->str, opts.choices[i]);
      g_string_free (nicks, TRUE);
      return k;
    }

  /* A rank above the kernel size means all of the kernel, as in every
   * front end (docs/settings.md); the JSON's rank says what was used.  */
  sbokeh_params_fit_rank (&opts.params);
  status = sbokeh_params_check (&opts.params);
  if (status != SBOKEH_OK)
    return params_error (status);
  return -1;
}

static const gchar *
translated_already (const gchar *text,
                    gpointer     data)
{
  return text;
}

/* Parses the options of a subcommand; returns -1 on success, else an exit
 * status.  */
static int
parse (const gchar  *parameter_string,
       const gchar  *summary,
       GOptionEntry *extra,
       int          *argc,
       char       ***argv)
{
  GOptionContext *context;
  GOptionGroup   *group;
  GError         *error = NULL;
  gboolean        ok;

  context = g_option_context_new (parameter_string);
  g_set_prgname (g_strconcat ("sbokeh ", (*argv)[0], NULL));
  /* The context translates PARAMETER_STRING and SUMMARY; the options'
   * texts are translated already (build_filter_entries).  */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  group = g_option_group_new (NULL, NULL, NULL, NULL, NULL);
  g_option_group_add_entries (group, filter_entries);
  if (extra)
    g_option_group_add_entries (group, extra);
  g_option_group_set_translate_func (group, translated_already, NULL, NULL);
  g_option_context_set_main_group (context, group);

  ok = g_option_context_parse (context, argc, argv, &error);
  g_option_context_free (context);
  if (! ok)
    {
      int status = usage_error ("%s", error->message);

      g_error_free (error);
      return status;
    }
  return -1;
}

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

static void
print_json (const SbokehDesign *d)
{
  const SbokehParams *p = &d->params;
  const int           n = d->target.size;
  const gboolean      boxes = d->engine == SBOKEH_ENGINE_BOXES;

  printf ("{\n");
  printf ("  \"radius\": %.17g,\n  \"rank\": %d,\n  \"size\": %d,\n",
          p->radius, p->rank, n);
  printf ("  \"engine\": \"%s\",\n", sbokeh_engine_name (d->engine));
  printf ("  \"weights\": {\"l2\": %.17g, \"non_negativity\": %.17g, "
          "\"keep_zeros\": %.17g},\n",
          p->l2_weight, p->nonneg_weight, p->zeros_weight);
  printf ("  \"aperture\": {\"shape\": \"%s\", \"blades\": %d, "
          "\"rotation\": %.17g, \"curvature\": %.17g},\n",
          p->aperture.shape == SBOKEH_SHAPE_POLYGON ? "polygon" : "disk",
          p->aperture.blades, p->aperture.rotation, p->aperture.curvature);
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

static void
print_c (const SbokehDesign *d)
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

/* Designs the filters for the checked options; -1 on success, else an
 * exit status.  */
static int
design_or_fail (SbokehDesign *design)
{
  SbokehStatus status = sbokeh_design_run (&opts.params, design);

  if (status != SBOKEH_OK)
    {
      g_printerr ("sbokeh: %s\n", sbokeh_status_message (status));
      return EXIT_FAILED;
    }
  return -1;
}

static int
command_kernel (int    argc,
                char **argv)
{
  SbokehDesign design;
  int          status;
  gboolean     c_format;

  status = parse ("",
                  N_("Prints the target aperture, its N separable filter "
                     "pairs, the singular values and the loss before and "
                     "after optimization."),
                  kernel_entries, &argc, &argv);
  if (status >= 0)
    return status;
  if (argc > 1)
    return usage_error (_("unexpected argument '%s'"), argv[1]);

  if (opts.format && strcmp (opts.format, "json") && strcmp (opts.format, "c"))
    return usage_error (_("--format must be json or c (got '%s')"),
                        opts.format);
  c_format = opts.format && ! strcmp (opts.format, "c");

  status = check_options ();
  if (status >= 0)
    return status;
  status = design_or_fail (&design);
  if (status >= 0)
    return status;

  if (c_format)
    print_c (&design);
  else
    print_json (&design);
  sbokeh_design_clear (&design);
  return 0;
}

/* The output's format: the input's, but RGB for a model the passes do not
 * work in (CMYK): they ran in RGB (sbokeh_apply_work_format), and turning
 * their result back into 8-bit inks, which the saver then turns into RGB
 * again, rounds twice: up to 6.6 levels from the GEGL operation, whose
 * output stays RGB.  RGB with the input's component type, alpha and space
 * (float stays linear and unclamped), so both write the same pixels.  */
static const Babl *
output_format (const Babl *input)
{
  int         flags = babl_get_model_flags (babl_format_get_model (input));
  const Babl *type  = babl_format_get_type (input, 0);
  gboolean    alpha = babl_format_has_alpha (input);
  gboolean    linear;
  gchar      *name;
  const Babl *format;

  if (flags & (BABL_MODEL_FLAG_RGB | BABL_MODEL_FLAG_GRAY))
    return input;
  linear = type == babl_type ("half") || type == babl_type ("float") ||
           type == babl_type ("double");
  name = g_strdup_printf ("%s %s",
                          linear ? (alpha ? "RGBA" : "RGB")
                                 : (alpha ? "R'G'B'A" : "R'G'B'"),
                          babl_get_name (type));
  format = babl_format_with_space (name, input);
  g_free (name);
  return format;
}

static gboolean
show_progress (double   fraction,
               gpointer user_data)
{
  if (GPOINTER_TO_INT (user_data))
    {
      g_printerr ("\r%s %3d%%", _("Applying bokeh…"), (int) (fraction * 100));
      if (fraction >= 1.0)
        g_printerr ("\n");
    }
  return TRUE;
}

static int
command_apply (int    argc,
               char **argv)
{
  SbokehDesign design;
  SbokehStatus status;
  GeglBuffer  *input, *output;
  const char  *in_path, *out_path;
  IoOutput     out;
  GError      *error = NULL;
  int          exit_status, width, height;

  exit_status = parse (N_("INPUT OUTPUT"),
                       N_("Applies the bokeh filter to an image. INPUT is "
                          "any image GEGL can load; OUTPUT's type follows "
                          "its extension (png, jpg, tif, exr, webp, ppm, "
                          "hdr). Precision is kept: a float image gives a "
                          "float image, unclamped."),
                       NULL, &argc, &argv);
  if (exit_status >= 0)
    return exit_status;
  if (argc != 3)
    return usage_error (_("apply needs an input and an output file "
                          "(see sbokeh apply --help)"));
  in_path  = argv[1];
  out_path = argv[2];

  exit_status = check_options ();
  if (exit_status >= 0)
    return exit_status;

  if (! g_file_test (in_path, G_FILE_TEST_IS_REGULAR))
    return usage_error (_("cannot read '%s': no such file"), in_path);

  /* OUTPUT checked and its temporary file reserved before the work: the
   * image is written there and renamed over OUTPUT only when it reads
   * back whole, so a failure leaves OUTPUT (or INPUT, when it is the
   * same file) as it was.  */
  input = NULL;
  if (! io_output_open (&out, out_path, &error) ||
      ! (input = io_load (in_path, &error)) ||
      ! io_output_fits (&out, gegl_buffer_get_width (input),
                        gegl_buffer_get_height (input), &error))
    {
      exit_status = error_exit (error);
      g_clear_object (&input);
      io_output_close (&out);
      return exit_status;
    }
  width  = gegl_buffer_get_width (input);
  height = gegl_buffer_get_height (input);

  exit_status = design_or_fail (&design);
  if (exit_status >= 0)
    {
      g_object_unref (input);
      io_output_close (&out);
      return exit_status;
    }

  output = gegl_buffer_new (gegl_buffer_get_extent (input),
                            output_format (gegl_buffer_get_format (input)));
  status = sbokeh_apply_buffer (&design.filters, opts.params.highlight_boost,
                                input, output, NULL,
                                show_progress,
                                GINT_TO_POINTER (isatty (STDERR_FILENO)),
                                NULL);
  g_object_unref (input);
  sbokeh_design_clear (&design);
  exit_status = 0;
  if (status != SBOKEH_OK)
    {
      g_printerr ("sbokeh: %s\n", sbokeh_status_message (status));
      exit_status = EXIT_FAILED;
    }
  else if (! io_output_write (&out, output, &error))
    {
      exit_status = error_exit (error);
    }
  g_object_unref (output);
  if (exit_status == 0 && ! io_output_commit (&out, width, height, &error))
    exit_status = error_exit (error);

  io_output_close (&out);
  return exit_status;
}

/* GLib's g_print and g_printerr write in the console's character set, each
 * character that set lacks as '?': in the C locale (a cron job, a
 * container), whose set is ASCII, "0.5 … 500" became "0.5 ? 500".  Text
 * that does not fit is written transliterated to ASCII instead ("0.5 ...
 * 500", "100000 x 100000").  */
static void
write_console (FILE        *stream,
               const gchar *text)
{
  const gchar *charset;
  gchar       *converted = NULL;

  if (g_get_console_charset (&charset))
    fputs (text, stream);
  else if ((converted = g_convert (text, -1, charset, "UTF-8", NULL, NULL,
                                   NULL)))
    fputs (converted, stream);
  else
    {
      converted = g_str_to_ascii (text, NULL);
      fputs (converted, stream);
    }
  fflush (stream);
  g_free (converted);
}

static void
print_stdout (const gchar *text)
{
  write_console (stdout, text);
}

static void
print_stderr (const gchar *text)
{
  write_console (stderr, text);
}

static void
print_usage (FILE *out)
{
  gchar *text = g_strdup_printf (
    "%s\n\n%s\n  %-8s %s\n  %-8s %s\n\n%s\n",
    _("Usage: sbokeh COMMAND [OPTION…]"),
    _("Commands:"),
    "kernel", _("print the separable filters for an aperture"),
    "apply", _("apply the bokeh filter to an image file"),
    _("Run 'sbokeh COMMAND --help' for the options of a command."));

  write_console (out, text);
  g_free (text);
}

int
main (int    argc,
      char **argv)
{
  int status, i;

  setlocale (LC_ALL, "");
  /* SBOKEH_LOCALEDIR lets an uninstalled build use its own catalogs.  */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SBOKEH_LOCALEDIR")
                                   ? g_getenv ("SBOKEH_LOCALEDIR")
                                   : SBOKEH_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_print_handler (print_stdout);
  g_set_printerr_handler (print_stderr);

  sbokeh_params_init_default (&opts.params);
  build_filter_entries ();
  io_init ();

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }
  if (! strcmp (argv[1], "--help") || ! strcmp (argv[1], "-h") ||
      ! strcmp (argv[1], "help"))
    {
      print_usage (stdout);
      return 0;
    }
  if (! strcmp (argv[1], "--version"))
    {
      printf ("sbokeh %s\n", SBOKEH_VERSION);
      return 0;
    }

  if (! strcmp (argv[1], "kernel"))
    {
      status = command_kernel (argc - 1, argv + 1);
    }
  else if (! strcmp (argv[1], "apply"))
    {
      gegl_init (NULL, NULL);
      io_configure ();
      status = command_apply (argc - 1, argv + 1);
      gegl_exit ();
    }
  else
    {
      status = usage_error (_("unknown command '%s' (use kernel or apply)"),
                            argv[1]);
    }
  g_free (opts.format);
  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    g_free (opts.choices[i]);
  g_ptr_array_unref (option_strings);
  return status;
}
