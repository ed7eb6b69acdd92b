/* sbokeh: the Separable Bokeh core from the command line.
 *
 *   sbokeh kernel --radius R --rank N [weights] [--format json|c]
 *                 [--shape custom --aperture PICTURE]
 *   sbokeh apply IN OUT --radius R --rank N [weights]
 *                [--shape custom --aperture PICTURE]
 *                [--depth-map DEPTH [--focus-depth F] [--focus-range W]
 *                 [--invert-depth]]
 *
 * Exit status: 0 success, 1 failure while working (I/O, memory), 2 bad
 * arguments or an input that cannot be read (nothing is written).  The
 * options come from options.c, what kernel prints from kernel-print.c;
 * files are read and written by io-load.c and io-save.c, the depth map
 * by depth-map.c (cli/README.md).
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

#include "depth-map.h"
#include "io.h"
#include "kernel-print.h"
#include "options.h"
#include "sbokeh.h"

/* kernel's own option (translated in main).  */
static GOptionEntry kernel_entries[] =
{
  { "format", 'f', 0, G_OPTION_ARG_STRING, &cli_options.format,
    N_("Output format: json (default) or c"), N_("FORMAT") },
  { NULL }
};

/* Prints an I/O error's one line; its code is the exit status.  */
static int
error_exit (GError *error)
{
  int status = error->code;

  g_printerr ("sbokeh: %s\n", error->message);
  g_error_free (error);
  return status;
}

/* Designs the filters for the checked options; -1 on success, else an
 * exit status.  */
static int
design_or_fail (SbokehDesign *design)
{
  SbokehStatus status = sbokeh_design_run (&cli_options.params, design);

  if (status != SBOKEH_OK)
    {
      g_printerr ("sbokeh: %s\n", sbokeh_status_message (status));
      return IO_EXIT_FAILED;
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

  status = cli_options_parse ("",
                  N_("Prints the target aperture, its N separable filter "
                     "pairs, the singular values and the loss before and "
                     "after optimization."),
                  kernel_entries, &argc, &argv);
  if (status >= 0)
    return status;
  if (argc > 1)
    return cli_usage_error (_("unexpected argument '%s'"), argv[1]);
  /* kernel prints the filters of one radius; a depth map blurs by many
   * (the other depth options are ignored, as the highlight boost is).  */
  if (cli_options.files[SBOKEH_PARAM_DEPTH_MAP])
    return cli_usage_error (_("--depth-map is for apply: kernel prints the "
                              "filters of one radius"));

  if (cli_options.format && strcmp (cli_options.format, "json") && strcmp (cli_options.format, "c"))
    return cli_usage_error (_("--format must be json or c (got '%s')"),
                        cli_options.format);
  c_format = cli_options.format && ! strcmp (cli_options.format, "c");

  status = cli_options_check ();
  if (status >= 0)
    return status;
  status = design_or_fail (&design);
  if (status >= 0)
    return status;

  if (c_format)
    cli_print_c (&design);
  else
    cli_print_json (&design,
                    cli_options.files[SBOKEH_PARAM_APERTURE_PICTURE]);
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

/* -1 when the blur worked, else its message printed and exit status 1.  */
static int
work_status (SbokehStatus status)
{
  if (status == SBOKEH_OK)
    return -1;
  g_printerr ("sbokeh: %s\n", sbokeh_status_message (status));
  return IO_EXIT_FAILED;
}

/* The uniform blur: one design, its passes.  */
static int
blur_uniform (GeglBuffer *input,
              GeglBuffer *output)
{
  SbokehDesign design;
  SbokehStatus status;
  int          exit_status = design_or_fail (&design);

  if (exit_status >= 0)
    return exit_status;
  status = sbokeh_apply_buffer (&design.filters,
                                cli_options.params.highlight_boost,
                                input, output, NULL, show_progress,
                                GINT_TO_POINTER (isatty (STDERR_FILENO)),
                                NULL);
  sbokeh_design_clear (&design);
  if (status == SBOKEH_OK)
    status = sbokeh_grain_restore (&cli_options.params, input, NULL, output,
                                   NULL);
  return work_status (status);
}

/* Depth of field: the core designs a filter per radius it needs.  */
static int
blur_depth (GeglBuffer *input,
            GeglBuffer *depth_map,
            GeglBuffer *output)
{
  SbokehStatus status;

  status = sbokeh_depth_apply (&cli_options.params, &cli_options.params.depth,
                               input, depth_map, output, NULL, show_progress,
                               GINT_TO_POINTER (isatty (STDERR_FILENO)),
                               NULL);
  if (status == SBOKEH_OK)
    status = sbokeh_grain_restore (&cli_options.params, input, depth_map,
                                   output, NULL);
  return work_status (status);
}

static int
command_apply (int    argc,
               char **argv)
{
  GeglBuffer  *input, *output, *depth_map = NULL;
  const char  *in_path, *out_path;
  const char  *depth_path;
  IoOutput     out;
  GError      *error = NULL;
  int          exit_status, width, height;

  exit_status = cli_options_parse (N_("INPUT OUTPUT"),
                       N_("Applies the bokeh filter to an image. INPUT is "
                          "any image GEGL can load; OUTPUT's type follows "
                          "its extension (png, jpg, tif, exr, webp, ppm, "
                          "hdr). Precision is kept: a float image gives a "
                          "float image, unclamped."),
                       NULL, &argc, &argv);
  if (exit_status >= 0)
    return exit_status;
  if (argc != 3)
    return cli_usage_error (_("apply needs an input and an output file "
                          "(see sbokeh apply --help)"));
  in_path  = argv[1];
  out_path = argv[2];
  depth_path = cli_options.files[SBOKEH_PARAM_DEPTH_MAP];

  exit_status = cli_options_check ();
  if (exit_status >= 0)
    return exit_status;

  if (! g_file_test (in_path, G_FILE_TEST_IS_REGULAR))
    return cli_usage_error (_("cannot read '%s': no such file"), in_path);
  if (depth_path && ! g_file_test (depth_path, G_FILE_TEST_IS_REGULAR))
    return cli_usage_error (_("cannot read '%s': no such file"), depth_path);

  /* OUTPUT checked and its temporary file reserved before the work: the
   * image is written there and renamed over OUTPUT only when it reads
   * back whole, so a failure leaves OUTPUT (or INPUT, when it is the
   * same file) as it was.  The depth map is read whole, and its size
   * checked, before the work too.  */
  input = NULL;
  if (! io_output_open (&out, out_path, &error) ||
      ! (input = io_load (in_path, &error)) ||
      ! io_output_fits (&out, gegl_buffer_get_width (input),
                        gegl_buffer_get_height (input), &error) ||
      (depth_path &&
       ! (depth_map = depth_map_load (depth_path,
                                      gegl_buffer_get_extent (input),
                                      in_path, &error))))
    {
      exit_status = error_exit (error);
      g_clear_object (&input);
      io_output_close (&out);
      return exit_status;
    }
  width  = gegl_buffer_get_width (input);
  height = gegl_buffer_get_height (input);

  output = gegl_buffer_new (gegl_buffer_get_extent (input),
                            output_format (gegl_buffer_get_format (input)));
  exit_status = depth_map ? blur_depth (input, depth_map, output)
                          : blur_uniform (input, output);
  g_object_unref (input);
  g_clear_object (&depth_map);
  if (exit_status < 0)
    exit_status = io_output_write (&out, output, &error) ? 0
                                                         : error_exit (error);
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

  sbokeh_params_init_default (&cli_options.params);
  cli_options_build ();
  for (i = 0; kernel_entries[i].long_name; i++)
    {
      kernel_entries[i].description = _(kernel_entries[i].description);
      kernel_entries[i].arg_description = _(kernel_entries[i].arg_description);
    }
  io_init ();

  if (argc < 2)
    {
      print_usage (stderr);
      return IO_EXIT_USAGE;
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
      cli_options.gegl_ready = TRUE;
      status = command_apply (argc - 1, argv + 1);
    }
  else
    {
      status = cli_usage_error (_("unknown command '%s' (use kernel or apply)"),
                            argv[1]);
    }
  /* The aperture's picture is read with GEGL, for kernel too.  */
  cli_options_free ();
  if (cli_options.gegl_ready)
    gegl_exit ();
  return status;
}
