/* Separable Bokeh: the parameter table, defaults and validation. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gi18n-lib.h>

#include "kernel-picture.h"
#include "params.h"

/* Choice parameters are written through an int (sbokeh_params_field).  */
G_STATIC_ASSERT (sizeof (SbokehShape) == sizeof (int));
G_STATIC_ASSERT (sizeof (SbokehEngine) == sizeof (int));

#define CHOICE_ITEM(value, nick, label) { nick, label, value },
#define CHOICES_(ID, ident, Type, name, ...)                                 \
  static const SbokehChoice choices_##ident[] =                              \
    { SBOKEH_##ID##_CHOICES (CHOICE_ITEM) };
#define NO_CHOICES_(...)
SBOKEH_PARAMS (NO_CHOICES_, NO_CHOICES_, CHOICES_, NO_CHOICES_, NO_CHOICES_,
               NO_CHOICES_)

#define WHEN_ALWAYS  NULL, NULL
#define WHEN_POLYGON SBOKEH_WHEN_POLYGON_PARAM, SBOKEH_WHEN_POLYGON_NICK
#define WHEN_CUSTOM  SBOKEH_WHEN_CUSTOM_PARAM, SBOKEH_WHEN_CUSTOM_NICK

#define NUMBER_(KIND, ID, ident, name, field, unit, when, group, stage,     \
                status, step, page, label, description)                      \
  { SBOKEH_PARAM_##ID, name, label, description, SBOKEH_PARAM_##KIND,        \
    SBOKEH_UNIT_##unit, SBOKEH_GROUP_##group, SBOKEH_STAGE_##stage,          \
    SBOKEH_ERROR_##status,                                                   \
    SBOKEH_##ID##_MIN, SBOKEH_##ID##_MAX, SBOKEH_##ID##_DEFAULT,             \
    SBOKEH_##ID##_SOFT_MIN, SBOKEH_##ID##_SOFT_MAX, step, page,              \
    NULL, 0, WHEN_##when, offsetof (SbokehParams, field) },
#define DOUBLE_(...) NUMBER_ (DOUBLE, __VA_ARGS__)
#define INT_(...)    NUMBER_ (INT, __VA_ARGS__)
#define CHOICE_(ID, ident, Type, name, field, when, group, stage, status,    \
                label, description)                                          \
  { SBOKEH_PARAM_##ID, name, label, description, SBOKEH_PARAM_CHOICE,        \
    SBOKEH_UNIT_NONE, SBOKEH_GROUP_##group, SBOKEH_STAGE_##stage,            \
    SBOKEH_ERROR_##status,                                                   \
    0, G_N_ELEMENTS (choices_##ident) - 1, SBOKEH_##ID##_DEFAULT,            \
    0, G_N_ELEMENTS (choices_##ident) - 1, 1, 1,                             \
    choices_##ident, G_N_ELEMENTS (choices_##ident), WHEN_##when,            \
    offsetof (SbokehParams, field) },

#define BOOLEAN_(ID, ident, name, field, when, group, stage, label,        \
                 description)                                                \
  { SBOKEH_PARAM_##ID, name, label, description, SBOKEH_PARAM_BOOLEAN,       \
    SBOKEH_UNIT_NONE, SBOKEH_GROUP_##group, SBOKEH_STAGE_##stage,            \
    SBOKEH_ERROR_ARGUMENT, 0, 1, SBOKEH_##ID##_DEFAULT, 0, 1, 1, 1,          \
    NULL, 0, WHEN_##when, offsetof (SbokehParams, field) },
/* An image has no field: NO_FIELD marks it (get and set pass it by).  */
#define NO_FIELD ((size_t) -1)
#define IMAGE_(ID, ident, name, group, label, description)                   \
  { SBOKEH_PARAM_##ID, name, label, description, SBOKEH_PARAM_IMAGE,         \
    SBOKEH_UNIT_NONE, SBOKEH_GROUP_##group, SBOKEH_STAGE_APPLY,              \
    SBOKEH_ERROR_ARGUMENT, 0, 0, 0, 0, 0, 0, 0, NULL, 0, WHEN_ALWAYS,        \
    NO_FIELD },
/* The custom aperture's picture: designs with it (the hash compares it).  */
#define PICTURE_(ID, ident, name, when, group, label, description)          \
  { SBOKEH_PARAM_##ID, name, label, description, SBOKEH_PARAM_PICTURE,       \
    SBOKEH_UNIT_NONE, SBOKEH_GROUP_##group, SBOKEH_STAGE_DESIGN,             \
    SBOKEH_ERROR_PICTURE, 0, 0, 0, 0, 0, 0, 0, NULL, 0, WHEN_##when,         \
    NO_FIELD },

const SbokehParamInfo sbokeh_params_table[SBOKEH_N_PARAMS] =
{
  SBOKEH_PARAMS (DOUBLE_, INT_, CHOICE_, BOOLEAN_, IMAGE_, PICTURE_)
};

const SbokehParamInfo *
sbokeh_params_lookup (const char *name)
{
  int i;

  if (! name)
    return NULL;
  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    if (! strcmp (sbokeh_params_table[i].name, name))
      return &sbokeh_params_table[i];
  return NULL;
}

void *
sbokeh_params_field (SbokehParams          *params,
                     const SbokehParamInfo *info)
{
  if (info->offset == NO_FIELD)
    return NULL;
  return (char *) params + info->offset;
}

double
sbokeh_params_get (const SbokehParams    *params,
                   const SbokehParamInfo *info)
{
  const char *field = (const char *) params + info->offset;

  if (info->offset == NO_FIELD)
    return 0.0;
  if (info->kind == SBOKEH_PARAM_DOUBLE)
    return *(const double *) field;
  return *(const int *) field;
}

void
sbokeh_params_set (SbokehParams          *params,
                   const SbokehParamInfo *info,
                   double                 value)
{
  void *field = sbokeh_params_field (params, info);

  if (! field)
    return;
  if (info->kind == SBOKEH_PARAM_DOUBLE)
    *(double *) field = value;
  else
    *(int *) field = (int) value;
}

const SbokehChoice *
sbokeh_params_choice (const SbokehParamInfo *info,
                      const char            *nick)
{
  int i;

  for (i = 0; nick && i < info->n_choices; i++)
    if (! strcmp (info->choices[i].nick, nick))
      return &info->choices[i];
  return NULL;
}

const SbokehChoice *
sbokeh_params_choice_of_value (const SbokehParamInfo *info,
                               int                    value)
{
  int i;

  for (i = 0; i < info->n_choices; i++)
    if (info->choices[i].value == value)
      return &info->choices[i];
  return NULL;
}

char *
sbokeh_params_format (const SbokehParamInfo *info,
                      double                 value,
                      char                  *buffer,
                      size_t                 size)
{
  const SbokehChoice *choice = NULL;

  if (info->kind == SBOKEH_PARAM_CHOICE)
    choice = sbokeh_params_choice_of_value (info, (int) value);
  if (choice)
    g_strlcpy (buffer, choice->nick, size);
  else if (info->kind == SBOKEH_PARAM_DOUBLE)
    g_snprintf (buffer, size, "%g", value);
  else
    g_snprintf (buffer, size, "%d", (int) value);
  return buffer;
}

int
sbokeh_params_in_range (const SbokehParamInfo *info,
                        double                 value)
{
  if (info->kind == SBOKEH_PARAM_IMAGE || info->kind == SBOKEH_PARAM_PICTURE)
    return TRUE;
  if (info->kind == SBOKEH_PARAM_CHOICE)
    return value == (int) value &&
           sbokeh_params_choice_of_value (info, (int) value) != NULL;
  return value >= info->minimum && value <= info->maximum;
}

int
sbokeh_params_applies (const SbokehParams    *params,
                       const SbokehParamInfo *info)
{
  const SbokehParamInfo *which;
  const SbokehChoice    *choice;

  if (! info->only_if)
    return TRUE;
  which  = sbokeh_params_lookup (info->only_if);
  choice = sbokeh_params_choice (which, info->only_if_nick);
  return sbokeh_params_get (params, which) == choice->value;
}

static int
param_ok (const SbokehParams    *params,
          const SbokehParamInfo *info)
{
  return ! sbokeh_params_applies (params, info) ||
         sbokeh_params_in_range (info, sbokeh_params_get (params, info));
}

const SbokehParamInfo *
sbokeh_params_out_of_range (const SbokehParams *params)
{
  int i;

  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    if (! param_ok (params, &sbokeh_params_table[i]))
      return &sbokeh_params_table[i];
  return NULL;
}

void
sbokeh_params_init_default (SbokehParams *params)
{
  int i;

  memset (params, 0, sizeof (*params));
  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    sbokeh_params_set (params, &sbokeh_params_table[i],
                       sbokeh_params_table[i].default_value);
}

/* A custom aperture has its picture, with the hash it was given (the
 * picture's values are checked where they are used, kernel-picture.c).  */
static int
picture_ok (const SbokehAperture *a)
{
  return a->shape != SBOKEH_SHAPE_CUSTOM ||
         (a->picture && a->picture->values && a->picture->width > 0 &&
          a->picture->height > 0 && a->picture->hash == a->picture_hash);
}

SbokehStatus
sbokeh_params_check_aperture (const SbokehAperture *a)
{
  SbokehParams params;
  int          i;

  if (! a)
    return SBOKEH_ERROR_ARGUMENT;
  sbokeh_params_init_default (&params);
  params.aperture = *a;
  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    if (sbokeh_params_table[i].status == SBOKEH_ERROR_APERTURE &&
        ! param_ok (&params, &sbokeh_params_table[i]))
      return SBOKEH_ERROR_APERTURE;
  return picture_ok (a) ? SBOKEH_OK : SBOKEH_ERROR_PICTURE;
}

int
sbokeh_params_kernel_size (double radius)
{
  if (! (radius >= SBOKEH_RADIUS_MIN && radius <= SBOKEH_RADIUS_MAX))
    return 0;

  return 2 * (int) ceil (radius) + 1;
}

void
sbokeh_params_fit_rank (SbokehParams *params)
{
  int size = sbokeh_params_kernel_size (params->radius);

  if (size > 0 && params->rank > size)
    params->rank = size;
}

/* The statuses in the order sbokeh_params_check reports them (params.h);
 * a status not listed comes after these.  */
static const SbokehStatus check_order[] =
{
  SBOKEH_ERROR_RADIUS,
  SBOKEH_ERROR_RANK,
  SBOKEH_ERROR_WEIGHT,
  SBOKEH_ERROR_WEIGHTS_ZERO,
  SBOKEH_ERROR_EVALUATIONS,
  SBOKEH_ERROR_ARGUMENT,
  SBOKEH_ERROR_HIGHLIGHTS,
  SBOKEH_ERROR_APERTURE,
  SBOKEH_ERROR_PICTURE,
  SBOKEH_ERROR_DEPTH,
  SBOKEH_ERROR_GRAIN,
};

/* The rules that are not one parameter's range.  */
static int
rule_ok (const SbokehParams *params,
         SbokehStatus        status)
{
  switch (status)
    {
    case SBOKEH_ERROR_RANK:
      return params->rank <= sbokeh_params_kernel_size (params->radius);
    case SBOKEH_ERROR_WEIGHTS_ZERO:
      return params->l2_weight != 0.0 || params->nonneg_weight != 0.0 ||
             params->zeros_weight != 0.0;
    case SBOKEH_ERROR_PICTURE:
      return picture_ok (&params->aperture);
    default:
      return TRUE;
    }
}

SbokehStatus
sbokeh_params_check (const SbokehParams *params)
{
  const SbokehParamInfo *bad;
  gsize                  k;
  int                    i;

  if (! params)
    return SBOKEH_ERROR_ARGUMENT;

  for (k = 0; k < G_N_ELEMENTS (check_order); k++)
    {
      for (i = 0; i < SBOKEH_N_PARAMS; i++)
        if (sbokeh_params_table[i].status == check_order[k] &&
            ! param_ok (params, &sbokeh_params_table[i]))
          return check_order[k];
      if (! rule_ok (params, check_order[k]))
        return check_order[k];
    }

  bad = sbokeh_params_out_of_range (params);
  return bad ? bad->status : SBOKEH_OK;
}

int
sbokeh_params_same_design (const SbokehParams *a,
                           const SbokehParams *b)
{
  int i;

  for (i = 0; i < SBOKEH_N_PARAMS; i++)
    {
      const SbokehParamInfo *info = &sbokeh_params_table[i];

      if (info->stage == SBOKEH_STAGE_DESIGN &&
          (sbokeh_params_applies (a, info) ||
           sbokeh_params_applies (b, info)) &&
          sbokeh_params_get (a, info) != sbokeh_params_get (b, info))
        return FALSE;
    }
  /* The shapes are equal here.  The hash, never the pointer: a cache's
   * params outlive their picture, and a new picture may reuse its memory. */
  if (a->aperture.shape == SBOKEH_SHAPE_CUSTOM &&
      a->aperture.picture_hash != b->aperture.picture_hash)
    return FALSE;
  return TRUE;
}
