/* Separable Bokeh: what every front end really declares, against the
 * parameter table (core/params.h).
 *
 *   GEGL     the operation's property specs (gegl_operation_list_properties,
 *            the built module on GEGL_PATH): names, labels, descriptions,
 *            ranges, slider ranges, steps, defaults, units, the polygon-only
 *            ones' "visible" key, the enums' nicks and values, booleans'
 *            defaults, a picture as a string property, a file's path (visible for
 *            shape custom); an image is the "aux" pad, not a property: of
 *            sbokeh:separable-bokeh-depth, the operation with the same
 *            properties and a depth map as its aux input, while
 *            sbokeh:separable-bokeh has none (GIMP keeps no operation
 *            with an aux pad as an editable filter, gegl-op/op-common.h);
 *   CLI      `sbokeh kernel --help`: every option with the range and default
 *            it prints (a boolean: a flag, "default off"; an image or a
 *            picture: --NAME=FILE); and each range enforced (just outside:
 *            exit 2, one line naming the option, a slider step outside
 *            each end), a picture's shape without it and it with another
 *            shape refused;
 *   plug-in  its PDB arguments, read back from a running GIMP (a Python
 *            batch through tools/gimp-run): names in order, labels,
 *            descriptions, ranges, defaults, the choices' nicks and ids,
 *            booleans' defaults, an image as a drawable argument, a
 *            picture as the drawable NAME-drawable and then the brush
 *            NAME-brush (core/params.h).
 *
 * All in the C locale, so that labels and descriptions are the table's
 * English.  Usage: test-params SBOKEH GEGL_OP_DIR [GIMP_RUN]
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <gegl.h>
#include <gegl-paramspecs.h>

#include "check.h"
#include "sbokeh.h"

#define OPERATION "sbokeh:separable-bokeh"
#define OPERATION_DEPTH "sbokeh:separable-bokeh-depth"
#define PROCEDURE "plug-in-separable-bokeh"

/* The PDB arguments before the table's: run-mode, image, drawables.  */
#define PDB_LEADING_ARGS 3

static const char *sbokeh;
static gchar      *gegl_path;   /* GEGL_PATH as given, for the programs run */

/* The label as GEGL shows it: without the mnemonic.  */
static gchar *
plain_label (const char *label)
{
  GString    *s = g_string_new (NULL);
  const char *p;

  for (p = label; *p; p++)
    if (*p != '_')
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

static gchar **
c_locale_environ (void)
{
  gchar **env = g_get_environ ();

  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_setenv (env, "LANG", "C.UTF-8", TRUE);
  env = g_environ_unsetenv (env, "LANGUAGE");
  /* Not ours (check_gegl): tools/gimp-run adds the build's operation to
   * GEGL's own folder.  */
  env = gegl_path ? g_environ_setenv (env, "GEGL_PATH", gegl_path, TRUE)
                  : g_environ_unsetenv (env, "GEGL_PATH");
  return env;
}

/* Runs ARGV in the C locale; returns the exit status (-1: no exit),
 * *out and *err get the output (either may be NULL).  */
static int
run (gchar **argv, gchar **out, gchar **err)
{
  gchar **env = c_locale_environ ();
  GError *error = NULL;
  int     wait_status = -1;

  if (! g_spawn_sync (NULL, argv, env, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                      &wait_status, &error))
    {
      fprintf (stderr, "cannot run %s: %s\n", argv[0], error->message);
      g_error_free (error);
    }
  g_strfreev (env);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

/* ----- GEGL ------------------------------------------------------------ */

static void
check_gegl_number (const SbokehParamInfo *info,
                   GParamSpec            *spec)
{
  double min, max, def, soft_min, soft_max, step, page;

  if (info->kind == SBOKEH_PARAM_DOUBLE)
    {
      GParamSpecDouble    *d = G_PARAM_SPEC_DOUBLE (spec);
      GeglParamSpecDouble *g = GEGL_PARAM_SPEC_DOUBLE (spec);

      min = d->minimum; max = d->maximum; def = d->default_value;
      soft_min = g->ui_minimum; soft_max = g->ui_maximum;
      step = g->ui_step_small; page = g->ui_step_big;
    }
  else
    {
      GParamSpecInt    *i = G_PARAM_SPEC_INT (spec);
      GeglParamSpecInt *g = GEGL_PARAM_SPEC_INT (spec);

      min = i->minimum; max = i->maximum; def = i->default_value;
      soft_min = g->ui_minimum; soft_max = g->ui_maximum;
      step = g->ui_step_small; page = g->ui_step_big;
    }
  CHECK (min == info->minimum && max == info->maximum,
         "GEGL %s: range %g … %g, table %g … %g", info->name, min, max,
         info->minimum, info->maximum);
  CHECK (def == info->default_value, "GEGL %s: default %g, table %g",
         info->name, def, info->default_value);
  CHECK (soft_min == info->soft_minimum && soft_max == info->soft_maximum,
         "GEGL %s: slider %g … %g, table %g … %g", info->name, soft_min,
         soft_max, info->soft_minimum, info->soft_maximum);
  CHECK (step == info->step && page == info->page,
         "GEGL %s: steps %g, %g, table %g, %g", info->name, step, page,
         info->step, info->page);
}

static void
check_gegl_choice (const SbokehParamInfo *info,
                   GParamSpec            *spec)
{
  GParamSpecEnum *e = G_PARAM_SPEC_ENUM (spec);
  int             i;

  CHECK ((int) e->enum_class->n_values == info->n_choices,
         "GEGL %s: %u values, table %d", info->name, e->enum_class->n_values,
         info->n_choices);
  for (i = 0; i < info->n_choices; i++)
    {
      GEnumValue *v = g_enum_get_value_by_nick (e->enum_class,
                                                info->choices[i].nick);

      CHECK (v && v->value == info->choices[i].value,
             "GEGL %s: choice %s missing or of another value", info->name,
             info->choices[i].nick);
      CHECK (v && ! strcmp (v->value_name, info->choices[i].label),
             "GEGL %s: choice %s labelled '%s', table '%s'", info->name,
             info->choices[i].nick, v ? v->value_name : "",
             info->choices[i].label);
    }
  CHECK (e->default_value == (int) info->default_value,
         "GEGL %s: default %d, table %g", info->name, e->default_value,
         info->default_value);
}

/* An image parameter is the depth operation's aux input: a node of it has
 * the pad "aux", one of the uniform operation has none (or GIMP would not
 * keep it editable).  Returns 1 when both hold.  */
static int
check_gegl_image (const SbokehParamInfo *info)
{
  GeglNode *graph = gegl_node_new ();
  GeglNode *depth = gegl_node_new_child (graph, "operation", OPERATION_DEPTH,
                                         NULL);
  GeglNode *uniform = gegl_node_new_child (graph, "operation", OPERATION,
                                           NULL);
  gboolean  has = gegl_has_operation (OPERATION_DEPTH) &&
                  gegl_node_has_pad (depth, "aux");
  gboolean  none = ! gegl_node_has_pad (uniform, "aux");

  CHECK (has, "GEGL: no aux pad of %s for %s", OPERATION_DEPTH, info->name);
  CHECK (none, "GEGL: %s has an aux pad (GIMP would not keep it editable)",
         OPERATION);
  g_object_unref (graph);
  return has && none ? 1 : 0;
}

static void
check_gegl (const char *op_dir)
{
  GParamSpec **specs;
  guint        n, k;
  int          i, found = 0;

  g_setenv ("GEGL_PATH", op_dir, TRUE);
  gegl_init (NULL, NULL);
  CHECK (gegl_has_operation (OPERATION), "GEGL has no %s in %s", OPERATION,
         op_dir);
  if (! gegl_has_operation (OPERATION))
    return;
  specs = gegl_operation_list_properties (OPERATION, &n);
  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    {
      const SbokehParamInfo *info = &sbokeh_params_table[i];
      GParamSpec            *spec = NULL;
      gchar                 *label;
      const gchar           *unit, *visible;

      if (info->kind == SBOKEH_PARAM_IMAGE)
        {
          found += check_gegl_image (info);
          continue;
        }
      label = plain_label (info->label);

      for (k = 0; k < n; k++)
        if (! strcmp (g_param_spec_get_name (specs[k]), info->name))
          spec = specs[k];
      CHECK (spec != NULL, "GEGL has no property %s", info->name);
      if (! spec)
        continue;
      found++;
      CHECK (! strcmp (g_param_spec_get_nick (spec), label),
             "GEGL %s: label '%s', table '%s'", info->name,
             g_param_spec_get_nick (spec), label);
      CHECK (! g_strcmp0 (g_param_spec_get_blurb (spec), info->description),
             "GEGL %s: description '%s', table '%s'", info->name,
             g_param_spec_get_blurb (spec), info->description);
      if (info->kind == SBOKEH_PARAM_CHOICE)
        check_gegl_choice (info, spec);
      else if (info->kind == SBOKEH_PARAM_PICTURE)
        {
          /* A string holding a file's path (GIMP keeps the operation
           * editable: no aux pad; not GEGL's file path type, which
           * libgimp cannot pass to plug-ins), empty by default.  */
          CHECK (G_PARAM_SPEC_TYPE (spec) == G_TYPE_PARAM_STRING,
                 "GEGL %s: not a plain string property (%s)", info->name,
                 G_PARAM_SPEC_TYPE_NAME (spec));
          CHECK (G_IS_PARAM_SPEC_STRING (spec) &&
                 ! g_strcmp0 (G_PARAM_SPEC_STRING (spec)->default_value, ""),
                 "GEGL %s: not empty by default", info->name);
        }
      else if (info->kind == SBOKEH_PARAM_BOOLEAN)
        {
          CHECK (G_IS_PARAM_SPEC_BOOLEAN (spec), "GEGL %s: not a boolean",
                 info->name);
          CHECK (G_IS_PARAM_SPEC_BOOLEAN (spec) &&
                 G_PARAM_SPEC_BOOLEAN (spec)->default_value ==
                 (info->default_value != 0),
                 "GEGL %s: another default than the table's %g", info->name,
                 info->default_value);
        }
      else
        check_gegl_number (info, spec);

      unit = gegl_param_spec_get_property_key (spec, "unit");
      CHECK ((info->unit == SBOKEH_UNIT_NONE && ! unit) ||
             (info->unit == SBOKEH_UNIT_PIXELS &&
              ! g_strcmp0 (unit, "pixel-distance")) ||
             (info->unit == SBOKEH_UNIT_DEGREES &&
              ! g_strcmp0 (unit, "degree")),
             "GEGL %s: unit '%s', table %d", info->name, unit ? unit : "",
             info->unit);
      visible = gegl_param_spec_get_property_key (spec, "visible");
      if (info->only_if)
        {
          gchar *want = g_strdup_printf ("%s {%s}", info->only_if,
                                         info->only_if_nick);

          CHECK (! g_strcmp0 (visible, want),
                 "GEGL %s: visible '%s', table '%s'", info->name,
                 visible ? visible : "", want);
          g_free (want);
        }
      else
        CHECK (! visible, "GEGL %s: visible '%s', table always",
               info->name, visible);
      g_free (label);
    }
  for (k = 0; k < n; k++)
    CHECK (sbokeh_params_lookup (g_param_spec_get_name (specs[k])) != NULL,
           "GEGL property %s is not in the table",
           g_param_spec_get_name (specs[k]));
  printf ("GEGL: %d of %d parameters as the table, %u properties\n", found,
          SBOKEH_N_PARAMS, n);
  /* The depth operation's properties are the same block: the same names,
   * in the same order, of the same types.  */
  if (gegl_has_operation (OPERATION_DEPTH))
    {
      guint        n_depth;
      GParamSpec **depth = gegl_operation_list_properties (OPERATION_DEPTH,
                                                           &n_depth);

      CHECK (n_depth == n, "GEGL: %s has %u properties, %s %u",
             OPERATION_DEPTH, n_depth, OPERATION, n);
      for (k = 0; k < MIN (n, n_depth); k++)
        CHECK (! strcmp (g_param_spec_get_name (depth[k]),
                         g_param_spec_get_name (specs[k])) &&
               (G_PARAM_SPEC_VALUE_TYPE (depth[k]) ==
                G_PARAM_SPEC_VALUE_TYPE (specs[k]) ||
                (G_IS_PARAM_SPEC_ENUM (depth[k]) &&
                 G_IS_PARAM_SPEC_ENUM (specs[k]))),
               "GEGL: %s property %u is %s, %s's %s", OPERATION_DEPTH, k,
               g_param_spec_get_name (depth[k]), OPERATION,
               g_param_spec_get_name (specs[k]));
      printf ("GEGL: %s: the same %u properties\n", OPERATION_DEPTH,
              n_depth);
      g_free (depth);
    }
  g_free (specs);
}

/* ----- CLI ------------------------------------------------------------- */

/* The help line of --NAME (a flag: "--NAME "), or NULL.  */
static const char *
help_line (gchar **lines,
           const char *name,
           gboolean    flag)
{
  gchar *option = g_strdup_printf (flag ? "--%s " : "--%s=", name);
  int    i;

  for (i = 0; lines[i]; i++)
    if (strstr (lines[i], option))
      {
        g_free (option);
        return lines[i];
      }
  g_free (option);
  return NULL;
}

static void
check_cli_help_line (const SbokehParamInfo *info,
                     const char            *line)
{
  GMatchInfo *m = NULL;
  GRegex     *number = g_regex_new ("\\(([^ ]+) … ([^ ,]+), default "
                                    "([^)]+)\\)$", 0, 0, NULL);
  GRegex     *choice = g_regex_new ("\\(([^;]+); default ([^)]+)\\)$", 0,
                                    0, NULL);
  gchar      *description = g_strdup_printf (" %s (", info->description);

  CHECK (strstr (line, description) != NULL ||
         ((info->kind == SBOKEH_PARAM_IMAGE ||
           info->kind == SBOKEH_PARAM_PICTURE) &&
          g_str_has_suffix (line, info->description)),
         "CLI --%s: description is not the table's '%s': %s", info->name,
         info->description, line);
  if (info->kind == SBOKEH_PARAM_BOOLEAN)
    CHECK (g_str_has_suffix (line, info->default_value ? "(default on)"
                                                       : "(default off)"),
           "CLI --%s: no (default %s): %s", info->name,
           info->default_value ? "on" : "off", line);
  else if (info->kind == SBOKEH_PARAM_IMAGE ||
           info->kind == SBOKEH_PARAM_PICTURE)
    CHECK (strstr (line, "=FILE") != NULL, "CLI --%s: not --%s=FILE: %s",
           info->name, info->name, line);
  else if (info->kind != SBOKEH_PARAM_CHOICE)
    {
      CHECK (g_regex_match (number, line, 0, &m),
             "CLI --%s: no (min … max, default d): %s", info->name, line);
      if (g_match_info_matches (m))
        {
          gchar *min = g_match_info_fetch (m, 1);
          gchar *max = g_match_info_fetch (m, 2);
          gchar *def = g_match_info_fetch (m, 3);

          CHECK (g_ascii_strtod (min, NULL) == info->minimum &&
                 g_ascii_strtod (max, NULL) == info->maximum,
                 "CLI --%s: range %s … %s, table %g … %g", info->name, min,
                 max, info->minimum, info->maximum);
          CHECK (g_ascii_strtod (def, NULL) == info->default_value,
                 "CLI --%s: default %s, table %g", info->name, def,
                 info->default_value);
          g_free (min);
          g_free (max);
          g_free (def);
        }
    }
  else
    {
      CHECK (g_regex_match (choice, line, 0, &m),
             "CLI --%s: no (choices; default d): %s", info->name, line);
      if (g_match_info_matches (m))
        {
          gchar  *nicks = g_match_info_fetch (m, 1);
          gchar  *def = g_match_info_fetch (m, 2);
          gchar **each = g_strsplit (nicks, ", ", -1);
          int     i;

          CHECK ((int) g_strv_length (each) == info->n_choices,
                 "CLI --%s: choices %s, table %d", info->name, nicks,
                 info->n_choices);
          for (i = 0; each[i] && i < info->n_choices; i++)
            CHECK (! strcmp (each[i], info->choices[i].nick),
                   "CLI --%s: choice %s, table %s", info->name, each[i],
                   info->choices[i].nick);
          CHECK (sbokeh_params_choice (info, def) &&
                 sbokeh_params_choice (info, def)->value ==
                 (int) info->default_value,
                 "CLI --%s: default %s, table %g", info->name, def,
                 info->default_value);
          g_strfreev (each);
          g_free (nicks);
          g_free (def);
        }
    }
  g_match_info_free (m);
  g_regex_unref (number);
  g_regex_unref (choice);
  g_free (description);
}

/* The option refuses VALUE: exit 2 and one line naming it.  */
static void
check_cli_refuses (const SbokehParamInfo *info,
                   double                 value)
{
  gchar  text[G_ASCII_DTOSTR_BUF_SIZE];
  gchar *option, *out = NULL, *err = NULL;
  int    status;

  if (info->kind == SBOKEH_PARAM_DOUBLE)
    g_ascii_formatd (text, sizeof (text), "%.17g", value);
  else
    g_snprintf (text, sizeof (text), "%d", (int) value);
  option = g_strdup_printf ("--%s=%s", info->name, text);
  {
    /* The polygon makes the polygon-only parameters matter.  */
    gchar *argv[] = { (gchar *) sbokeh, "kernel", "--shape=polygon", option,
                      NULL };

    status = run (argv, &out, &err);
  }
  CHECK (status == 2 && err && strstr (err, info->name) &&
         strchr (err, '\n') == err + strlen (err) - 1,
         "CLI %s: exit %d, '%s'", option, status, err);
  g_free (option);
  g_free (out);
  g_free (err);
}

static void
check_cli (void)
{
  gchar  *argv[] = { (gchar *) sbokeh, "kernel", "--help", NULL };
  gchar  *out = NULL, **lines;
  int     status, i, found = 0, refused = 0;

  status = run (argv, &out, NULL);
  CHECK (status == 0, "sbokeh kernel --help: exit %d", status);
  lines = g_strsplit (out ? out : "", "\n", -1);
  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    {
      const SbokehParamInfo *info = &sbokeh_params_table[i];
      const char            *line =
        help_line (lines, info->name, info->kind == SBOKEH_PARAM_BOOLEAN);

      CHECK (line != NULL, "CLI: no --%s in --help", info->name);
      if (! line)
        continue;
      found++;
      check_cli_help_line (info, line);
      if (info->kind == SBOKEH_PARAM_DOUBLE ||
          info->kind == SBOKEH_PARAM_INT)
        {
          /* A slider step outside each end.  */
          check_cli_refuses (info, info->maximum + info->step);
          check_cli_refuses (info, info->minimum - info->step);
          refused += 2;
        }
    }
  /* A picture's option: its shape without it, and it with another shape,
   * refused (exit 2, one line naming it).  */
  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    if (sbokeh_params_table[i].kind == SBOKEH_PARAM_PICTURE)
      {
        const SbokehParamInfo *info = &sbokeh_params_table[i];
        gchar *shape = g_strdup_printf ("--%s=%s", info->only_if,
                                        info->only_if_nick);
        gchar *option = g_strdup_printf ("--%s=%s", info->name, sbokeh);
        gchar *without[] = { (gchar *) sbokeh, "kernel", shape, NULL };
        gchar *other[] = { (gchar *) sbokeh, "kernel", "--shape=polygon",
                           option, NULL };
        gchar *err = NULL;

        status = run (without, NULL, &err);
        CHECK (status == 2 && err && strstr (err, info->name) &&
               strchr (err, '\n') == err + strlen (err) - 1,
               "CLI %s without --%s: exit %d, '%s'", shape, info->name,
               status, err);
        g_free (err);
        err = NULL;
        status = run (other, NULL, &err);
        CHECK (status == 2 && err && strstr (err, info->name) &&
               strchr (err, '\n') == err + strlen (err) - 1,
               "CLI --%s with --shape=polygon: exit %d, '%s'", info->name,
               status, err);
        g_free (err);
        g_free (shape);
        g_free (option);
        refused += 2;
      }

  /* Every option shown is the table's, or --format and GLib's --help.  */
  for (i = 0; lines[i]; i++)
    {
      const char *text = lines[i] + strspn (lines[i], " ");
      const char *p = strstr (text, "--");
      gchar      *name;

      if (! p || text[0] != '-')
        continue;
      name = g_strndup (p + 2, strcspn (p + 2, "= "));
      CHECK (sbokeh_params_lookup (name) || ! strcmp (name, "format") ||
             g_str_has_prefix (name, "help"),
             "CLI option --%s is not in the table", name);
      g_free (name);
    }
  printf ("CLI: %d of %d options as the table, %d values outside refused\n",
          found, SBOKEH_N_PARAMS, refused);
  g_strfreev (lines);
  g_free (out);
}

/* ----- plug-in --------------------------------------------------------- */

/* One line per PDB argument: PDBARG, then tab-separated name, kind, nick,
 * blurb, minimum, maximum, default (repr: exact), and for a choice its
 * nick=id pairs.  */
static const char *pdb_script =
  "from gi.repository import GObject\n"
  "proc = Gimp.get_pdb().lookup_procedure('" PROCEDURE "')\n"
  "for p in proc.get_arguments():\n"
  "    kind = p.__gtype__.name\n"
  "    low = high = default = ''\n"
  "    choices = ''\n"
  "    if kind in ('GParamDouble', 'GParamInt'):\n"
  "        low, high, default = repr(p.minimum), repr(p.maximum), "
  "repr(p.default_value)\n"
  "    elif kind == 'GParamBoolean':\n"
  "        default = repr(int(p.default_value))\n"
  "    elif kind == 'GimpParamDrawable':\n"
  "        default = repr(int(p.none_ok)) if hasattr(p, 'none_ok') else ''\n"
  "    elif kind == 'GimpParamChoice':\n"
  "        c = Gimp.param_spec_choice_get_choice(p)\n"
  "        default = Gimp.param_spec_choice_get_default(p)\n"
  "        choices = ','.join('%s=%d' % (n, c.get_id(n)) "
  "for n in c.list_nicks())\n"
  "    print('PDBARG', p.get_name(), kind, p.get_nick(), p.get_blurb(), "
  "low, high, default, choices, sep='\\t')\n";

static void
check_pdb_arg (const SbokehParamInfo *info,
               gchar                **f)
{
  gchar *what = f[2];

  CHECK (! strcmp (f[3], info->label), "PDB %s: label '%s', table '%s'",
         info->name, f[3], info->label);
  CHECK (! strcmp (f[4], info->description),
         "PDB %s: description '%s', table '%s'", info->name, f[4],
         info->description);
  if (info->kind == SBOKEH_PARAM_BOOLEAN)
    {
      CHECK (! strcmp (what, "GParamBoolean"), "PDB %s: a %s", info->name,
             what);
      CHECK (g_ascii_strtod (f[7], NULL) == (info->default_value != 0),
             "PDB %s: default %s, table %g", info->name, f[7],
             info->default_value);
    }
  else if (info->kind == SBOKEH_PARAM_IMAGE ||
           info->kind == SBOKEH_PARAM_PICTURE)
    CHECK (! strcmp (what, "GimpParamDrawable"), "PDB %s: a %s",
           info->name, what);
  else if (info->kind == SBOKEH_PARAM_CHOICE)
    {
      gchar **pairs = g_strsplit (f[8], ",", -1);
      int     i;

      CHECK (! strcmp (what, "GimpParamChoice"), "PDB %s: a %s", info->name,
             what);
      CHECK ((int) g_strv_length (pairs) == info->n_choices,
             "PDB %s: choices %s, table %d", info->name, f[8],
             info->n_choices);
      for (i = 0; i < info->n_choices; i++)
        {
          gchar *want = g_strdup_printf ("%s=%d", info->choices[i].nick,
                                         info->choices[i].value);

          CHECK (g_strv_contains ((const gchar * const *) pairs, want),
                 "PDB %s: no choice %s (%s)", info->name, want, f[8]);
          g_free (want);
        }
      CHECK (sbokeh_params_choice (info, f[7]) &&
             sbokeh_params_choice (info, f[7])->value ==
             (int) info->default_value,
             "PDB %s: default %s, table %g", info->name, f[7],
             info->default_value);
      g_strfreev (pairs);
    }
  else
    {
      CHECK (! strcmp (what, info->kind == SBOKEH_PARAM_DOUBLE
                             ? "GParamDouble" : "GParamInt"),
             "PDB %s: a %s", info->name, what);
      CHECK (g_ascii_strtod (f[5], NULL) == info->minimum &&
             g_ascii_strtod (f[6], NULL) == info->maximum,
             "PDB %s: range %s … %s, table %g … %g", info->name, f[5], f[6],
             info->minimum, info->maximum);
      CHECK (g_ascii_strtod (f[7], NULL) == info->default_value,
             "PDB %s: default %s, table %g", info->name, f[7],
             info->default_value);
    }
}

static void
check_plugin (const char *gimp_run)
{
  gchar  *argv[] = { (gchar *) gimp_run, "--python", (gchar *) pdb_script,
                     NULL };
  gchar  *out = NULL, *err = NULL, **lines;
  GPtrArray *args = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  int     status, i, next = 0, found = 0, pictures = 0, brushes = 0;

  status = run (argv, &out, &err);
  CHECK (status == 0, "the PDB batch: exit %d\n%s%s", status, out, err);
  lines = g_strsplit (out ? out : "", "\n", -1);
  for (i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "PDBARG\t"))
      g_ptr_array_add (args, g_strsplit (lines[i], "\t", -1));
  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    pictures += sbokeh_params_table[i].kind == SBOKEH_PARAM_PICTURE;
  CHECK (args->len == PDB_LEADING_ARGS + SBOKEH_N_PARAMS + 1 + pictures,
         "PDB: %u arguments, expected %d leading + %d + merge-filter + %d "
         "brush", args->len, PDB_LEADING_ARGS, SBOKEH_N_PARAMS, pictures);

  /* The table's order, with merge-filter after engine; a picture is a
   * drawable named NAME-drawable, then the brush NAME-brush (params.h).  */
  for (i = PDB_LEADING_ARGS; i < (int) args->len; i++)
    {
      gchar **f = g_ptr_array_index (args, i);
      gchar  *want;

      if (g_strv_length (f) < 9)
        {
          CHECK (FALSE, "PDB: a short line for %s", f[1]);
          continue;
        }
      if (! strcmp (f[1], "merge-filter"))
        {
          CHECK (next > 0 && ! strcmp (sbokeh_params_table[next - 1].name,
                                       "engine"),
                 "PDB: merge-filter not right after engine");
          continue;
        }
      if (next > 0 &&
          sbokeh_params_table[next - 1].kind == SBOKEH_PARAM_PICTURE &&
          g_str_has_suffix (f[1], SBOKEH_PICTURE_BRUSH_SUFFIX))
        {
          want = g_strconcat (sbokeh_params_table[next - 1].name,
                              SBOKEH_PICTURE_BRUSH_SUFFIX, NULL);
          CHECK (! strcmp (f[1], want) &&
                 ! strcmp (f[2], "GimpParamBrush"),
                 "PDB argument %d is %s (%s), expected the brush %s", i,
                 f[1], f[2], want);
          brushes += ! strcmp (f[1], want) &&
                     ! strcmp (f[2], "GimpParamBrush");
          g_free (want);
          continue;
        }
      want = next < SBOKEH_N_PARAMS
             ? g_strconcat (sbokeh_params_table[next].name,
                            sbokeh_params_table[next].kind ==
                            SBOKEH_PARAM_PICTURE
                            ? SBOKEH_PICTURE_DRAWABLE_SUFFIX : "", NULL)
             : g_strdup ("-");
      CHECK (next < SBOKEH_N_PARAMS && ! strcmp (f[1], want),
             "PDB argument %d is %s, table %s", i, f[1], want);
      if (next < SBOKEH_N_PARAMS && ! strcmp (f[1], want))
        {
          check_pdb_arg (&sbokeh_params_table[next], f);
          found++;
        }
      g_free (want);
      next++;
    }
  CHECK (brushes == pictures, "PDB: %d brush arguments after %d pictures",
         brushes, pictures);
  printf ("plug-in: %d of %d PDB arguments as the table, %d brush "
          "argument(s)\n", found, SBOKEH_N_PARAMS, brushes);
  g_ptr_array_unref (args);
  g_strfreev (lines);
  g_free (out);
  g_free (err);
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fprintf (stderr, "usage: test-params SBOKEH GEGL_OP_DIR [GIMP_RUN]\n");
      return 2;
    }
  sbokeh = argv[1];
  gegl_path = g_strdup (g_getenv ("GEGL_PATH"));
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");

  check_gegl (argv[2]);
  check_cli ();
  if (argc > 3)
    check_plugin (argv[3]);
  else
    printf ("plug-in: not built, its PDB arguments not checked\n");
  return check_exit ("params");
}
