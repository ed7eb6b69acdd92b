/* sbokeh: the command line's options, one per entry of the parameter
 * table (core/params.h) with its name, help text and range, and their
 * checks; see options.h.  */
#include "config.h"

#include <glib.h>
#include <glib/gi18n.h>
#include <stdarg.h>
#include <string.h>

#include "options.h"

CliOptions cli_options;

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
 * and with their ranges (filled by cli_options_build).  */
static GOptionEntry filter_entries[SBOKEH_N_PARAMS + G_N_ELEMENTS (aliases)
                                   + 1];
static GPtrArray   *option_strings;   /* the texts made for them */

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
  if (info->kind == SBOKEH_PARAM_IMAGE || info->kind == SBOKEH_PARAM_PICTURE)
    return _(info->description);
  if (info->kind == SBOKEH_PARAM_BOOLEAN)
    return kept (g_strdup_printf (info->default_value
                                  ? _("%s (default on)")
                                  : _("%s (default off)"),
                                  _(info->description)));
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
      entry->arg_data = sbokeh_params_field (&cli_options.params, info);
      entry->arg_description = info->unit == SBOKEH_UNIT_DEGREES
                               ? "DEGREES" : "X";
      break;
    case SBOKEH_PARAM_INT:
      entry->arg = G_OPTION_ARG_INT;
      entry->arg_data = sbokeh_params_field (&cli_options.params, info);
      entry->arg_description = "N";
      break;
    case SBOKEH_PARAM_CHOICE:
      entry->arg = G_OPTION_ARG_STRING;
      entry->arg_data = &cli_options.choices[info->id];
      entry->arg_description = kept (g_ascii_strup (info->name, -1));
      break;
    case SBOKEH_PARAM_BOOLEAN:
      /* A flag: present is on.  */
      entry->arg = G_OPTION_ARG_NONE;
      entry->arg_data = sbokeh_params_field (&cli_options.params, info);
      break;
    case SBOKEH_PARAM_IMAGE:
    case SBOKEH_PARAM_PICTURE:
      entry->arg = G_OPTION_ARG_FILENAME;
      entry->arg_data = &cli_options.files[info->id];
      entry->arg_description = "FILE";
      break;
    }
  entry->description = option_help (info);
}

void
cli_options_build (void)
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
}

int
cli_usage_error (const gchar *format,
             ...)
{
  va_list args;
  gchar  *msg;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("sbokeh: %s\n", msg);
  g_free (msg);
  return IO_EXIT_USAGE;
}

/* A one-line message naming the option and its range.  */
static int
params_error (SbokehStatus status)
{
  const SbokehParams    *p = &cli_options.params;
  const SbokehParamInfo *bad = sbokeh_params_out_of_range (p);
  char                   got[NUMBER_MAX], min[NUMBER_MAX], max[NUMBER_MAX];

  if (bad && bad->status == status)
    return cli_usage_error (_("--%s must be from %s to %s (got %s)"), bad->name,
                        sbokeh_params_format (bad, bad->minimum, min,
                                              sizeof (min)),
                        sbokeh_params_format (bad, bad->maximum, max,
                                              sizeof (max)),
                        sbokeh_params_format (bad,
                                              sbokeh_params_get (p, bad),
                                              got, sizeof (got)));
  return cli_usage_error ("%s", sbokeh_status_message (status));
}

/* The custom aperture's picture: --aperture FILE implies --shape custom
 * when --shape is not given and is refused with another shape; the file
 * is read as images are (io_load), luminance × alpha
 * (sbokeh_picture_read).  -1 when there is nothing to read or it was
 * read, else the exit status, one line printed.  */
static int
read_aperture (void)
{
  const SbokehParamInfo *info =
    &sbokeh_params_table[SBOKEH_PARAM_APERTURE_PICTURE];
  const SbokehParamInfo *shape_info = &sbokeh_params_table[SBOKEH_PARAM_SHAPE];
  const char            *file = cli_options.files[info->id];
  int                   *shape = sbokeh_params_field (&cli_options.params,
                                                      shape_info);
  GeglBuffer            *loaded;
  GError                *error = NULL;
  SbokehStatus           status;

  if (file && ! cli_options.choices[shape_info->id])
    *shape = SBOKEH_SHAPE_CUSTOM;
  if (file && *shape != SBOKEH_SHAPE_CUSTOM)
    return cli_usage_error (_("--%s is for --%s %s (got --%s %s)"),
                            info->name, shape_info->name,
                            SBOKEH_WHEN_CUSTOM_NICK, shape_info->name,
                            sbokeh_params_choice_of_value (shape_info,
                                                           *shape)->nick);
  if (*shape != SBOKEH_SHAPE_CUSTOM)
    return -1;
  if (! file)
    return cli_usage_error (_("--%s %s needs --%s FILE, a picture of the "
                              "aperture"), shape_info->name,
                            SBOKEH_WHEN_CUSTOM_NICK, info->name);
  if (! g_file_test (file, G_FILE_TEST_IS_REGULAR))
    return cli_usage_error (_("cannot read '%s': no such file"), file);
  if (! cli_options.gegl_ready)
    {
      gegl_init (NULL, NULL);
      io_configure ();
      cli_options.gegl_ready = TRUE;
    }
  loaded = io_load (file, &error);
  if (! loaded)
    {
      int exit_status = cli_usage_error ("%s", error->message);

      g_error_free (error);
      return exit_status;
    }
  status = sbokeh_picture_read (loaded, SBOKEH_PICTURE_LUMINANCE,
                                &cli_options.aperture);
  g_object_unref (loaded);
  if (status == SBOKEH_ERROR_PICTURE)
    return cli_usage_error (_("the aperture picture '%s' is all black or "
                              "transparent: no light would pass"), file);
  if (status == SBOKEH_ERROR_OVERFLOW)
    return cli_usage_error (_("the aperture picture '%s' is larger than %d "
                              "pixels on a side"), file,
                            SBOKEH_PICTURE_SIDE_MAX);
  if (status != SBOKEH_OK)
    return cli_usage_error ("%s", sbokeh_status_message (status));
  sbokeh_aperture_set_picture (&cli_options.params.aperture,
                               &cli_options.aperture.picture);
  return -1;
}

/* The choice options' words into the parameters, the aperture's picture,
 * then every check of the parameters: before anything else is loaded.
 * Returns -1 when all are good, else an exit status.  */
int
cli_options_check (void)
{
  SbokehStatus status;
  int          i;

  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    {
      const SbokehParamInfo *info = &sbokeh_params_table[i];
      const SbokehChoice    *choice;
      GString               *nicks;
      int                    k;

      if (info->kind != SBOKEH_PARAM_CHOICE || ! cli_options.choices[i])
        continue;
      choice = sbokeh_params_choice (info, cli_options.choices[i]);
      if (choice)
        {
          *(int *) sbokeh_params_field (&cli_options.params, info) = choice->value;
          continue;
        }
      nicks = g_string_new (NULL);
      for (k = 0; k < info->n_choices; k++)
        g_string_append_printf (nicks, "%s%s", k ? ", " : "",
                                info->choices[k].nick);
      k = cli_usage_error (_("--%s must be one of %s (got '%s')"), info->name,
                       nicks->str, cli_options.choices[i]);
      g_string_free (nicks, TRUE);
      return k;
    }

  i = read_aperture ();
  if (i >= 0)
    return i;

  /* A rank above the kernel size means all of the kernel, as in every
   * front end (docs/settings.md); the JSON's rank says what was used.  */
  sbokeh_params_fit_rank (&cli_options.params);
  status = sbokeh_params_check (&cli_options.params);
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
int
cli_options_parse (const gchar  *parameter_string,
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
   * texts are translated already (cli_options_build).  */
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
      int status = cli_usage_error ("%s", error->message);

      g_error_free (error);
      return status;
    }
  return -1;
}

void
cli_options_free (void)
{
  int i;

  g_free (cli_options.format);
  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    {
      g_free (cli_options.choices[i]);
      g_free (cli_options.files[i]);
    }
  g_clear_pointer (&option_strings, g_ptr_array_unref);
  sbokeh_picture_clear (&cli_options.aperture);
}
