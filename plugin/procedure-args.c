/* Separable Bokeh plug-in: the procedure's arguments and the config. */
#include "config.h"

#include <string.h>

#include <libgimp/gimp.h>
#include <glib/gi18n-lib.h>

#include "aperture-picture.h"
#include "procedure-args.h"

/* Enough for "%g" of any double.  */
#define NUMBER_MAX 32

static GimpChoice *
choice_new (const SbokehParamInfo *info)
{
  GimpChoice *choice = gimp_choice_new ();
  int         i;

  for (i = 0; i < info->n_choices; i++)
    gimp_choice_add (choice, info->choices[i].nick, info->choices[i].value,
                     _(info->choices[i].label), NULL);
  return choice;
}

static void
add_argument (GimpProcedure         *procedure,
              const SbokehParamInfo *info)
{
  const char *label = _(info->label);
  const char *blurb = _(info->description);

  switch (info->kind)
    {
    case SBOKEH_PARAM_DOUBLE:
      gimp_procedure_add_double_argument (procedure, info->name, label, blurb,
                                          info->minimum, info->maximum,
                                          info->default_value,
                                          G_PARAM_READWRITE);
      break;
    case SBOKEH_PARAM_INT:
      gimp_procedure_add_int_argument (procedure, info->name, label, blurb,
                                       (gint) info->minimum,
                                       (gint) info->maximum,
                                       (gint) info->default_value,
                                       G_PARAM_READWRITE);
      break;
    case SBOKEH_PARAM_CHOICE:
      gimp_procedure_add_choice_argument (
        procedure, info->name, label, blurb, choice_new (info),
        sbokeh_params_choice_of_value (info,
                                       (int) info->default_value)->nick,
        G_PARAM_READWRITE);
      break;
    case SBOKEH_PARAM_BOOLEAN:
      gimp_procedure_add_boolean_argument (procedure, info->name, label,
                                           blurb, info->default_value != 0,
                                           G_PARAM_READWRITE);
      break;
    case SBOKEH_PARAM_IMAGE:
      /* Any drawable of the image (a layer, mask or channel), or none.  */
      gimp_procedure_add_drawable_argument (procedure, info->name, label,
                                            blurb, TRUE, G_PARAM_READWRITE);
      break;
    case SBOKEH_PARAM_PICTURE:
      /* A drawable of any open image, or none; then a brush, or none (the
       * drawable takes precedence): params.h, SBOKEH_PICTURE_*_SUFFIX.  */
      gimp_procedure_add_drawable_argument (procedure,
                                            bokeh_aperture_drawable_arg (),
                                            label, blurb, TRUE,
                                            G_PARAM_READWRITE);
      gimp_procedure_add_brush_argument (
        procedure, bokeh_aperture_brush_arg (), _("Aperture brus_h"),
        _("A GIMP brush as the aperture for the custom shape (its mask), "
          "when no aperture drawable is given"),
        TRUE, NULL, FALSE, G_PARAM_READWRITE);
      break;
    }
}

void
bokeh_procedure_add_arguments (GimpProcedure *procedure)
{
  int i;

  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    {
      add_argument (procedure, &sbokeh_params_table[i]);
      /* Later entries after it, so that calls by position made before
       * they existed still work.  */
      if (! strcmp (sbokeh_params_table[i].name, BOKEH_MERGE_AFTER))
        gimp_procedure_add_boolean_argument (
          procedure, BOKEH_MERGE_ARG, _("Merge _filter"),
          _("Blur the layer's pixels; when off, the blur stays on the layer "
            "as a filter that can be edited later (GIMP's layer effects)"),
          TRUE, G_PARAM_READWRITE);
    }
}

void
bokeh_params_from_config (GimpProcedureConfig *config,
                          SbokehParams        *params)
{
  int i;

  sbokeh_params_init_default (params);
  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    {
      const SbokehParamInfo *info = &sbokeh_params_table[i];

      if (info->kind == SBOKEH_PARAM_IMAGE ||
          info->kind == SBOKEH_PARAM_PICTURE)
        continue;   /* bokeh_depth_map_from_config, bokeh_aperture_read */
      if (info->kind == SBOKEH_PARAM_CHOICE)
        *(int *) sbokeh_params_field (params, info) =
          gimp_procedure_config_get_choice_id (config, info->name);
      else
        /* A double, or an int (a gboolean is one), as the argument.  */
        g_object_get (config, info->name, sbokeh_params_field (params, info),
                      NULL);
    }
  /* The arguments' ranges are independent: a rank above the kernel size
   * means all of the kernel (docs/settings.md), as in every front end.  */
  sbokeh_params_fit_rank (params);
}

void
bokeh_params_to_filter_config (const SbokehParams *params,
                               GObject            *config)
{
  int i;

  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    {
      const SbokehParamInfo *info = &sbokeh_params_table[i];
      double                 value = sbokeh_params_get (params, info);

      switch (info->kind)
        {
        case SBOKEH_PARAM_DOUBLE:
          g_object_set (config, info->name, value, NULL);
          break;
        case SBOKEH_PARAM_INT:
          g_object_set (config, info->name, (gint) value, NULL);
          break;
        case SBOKEH_PARAM_CHOICE:
          g_object_set (config, info->name,
                        sbokeh_params_choice_of_value (info,
                                                       (int) value)->nick,
                        NULL);
          break;
        case SBOKEH_PARAM_BOOLEAN:
          g_object_set (config, info->name, value != 0, NULL);
          break;
        case SBOKEH_PARAM_IMAGE:
          break;    /* the filter's aux input */
        case SBOKEH_PARAM_PICTURE:
          break;    /* a custom aperture never takes this way */
        }
    }
}

GimpDrawable *
bokeh_depth_map_from_config (GimpProcedureConfig *config)
{
  GimpDrawable *map = NULL;

  g_object_get (config,
                sbokeh_params_table[SBOKEH_PARAM_DEPTH_MAP].name, &map,
                NULL);
  return map;
}

gchar *
bokeh_params_error (SbokehStatus        status,
                    const SbokehParams *params)
{
  const SbokehParamInfo *bad = sbokeh_params_out_of_range (params);
  char                   got[NUMBER_MAX], min[NUMBER_MAX], max[NUMBER_MAX];

  if (bad && bad->status == status)
    return g_strdup_printf (_("%s %s is out of range: use %s to %s."),
                            bad->name,
                            sbokeh_params_format (bad,
                                                  sbokeh_params_get (params,
                                                                     bad),
                                                  got, sizeof (got)),
                            sbokeh_params_format (bad, bad->minimum, min,
                                                  sizeof (min)),
                            sbokeh_params_format (bad, bad->maximum, max,
                                                  sizeof (max)));
  switch (status)
    {
    case SBOKEH_ERROR_WEIGHTS_ZERO:
      return g_strdup_printf (_("At least one of %s, %s and %s must be above "
                                "%g."),
                              sbokeh_params_table[SBOKEH_PARAM_L2_WEIGHT].name,
                              sbokeh_params_table[SBOKEH_PARAM_NONNEG_WEIGHT].name,
                              sbokeh_params_table[SBOKEH_PARAM_ZEROS_WEIGHT].name,
                              SBOKEH_WEIGHT_MIN);
    case SBOKEH_ERROR_PICTURE:
      return g_strdup_printf (_("Shape %s needs a picture of the aperture: "
                                "set %s (a drawable of any open image) or "
                                "%s (a brush)."),
                              SBOKEH_WHEN_CUSTOM_NICK,
                              bokeh_aperture_drawable_arg (),
                              bokeh_aperture_brush_arg ());
    default:
      return g_strdup (sbokeh_status_message (status));
    }
}
