/* Separable Bokeh plug-in: a design on the heap. */
#include "config.h"

#include <glib.h>

#include "cached-design.h"

SbokehDesign *
bokeh_design_new (const SbokehParams *params,
                  SbokehStatus       *status)
{
  SbokehDesign *design = g_new0 (SbokehDesign, 1);

  *status = sbokeh_design_run (params, design);
  if (*status != SBOKEH_OK)
    {
      bokeh_design_free (design);
      return NULL;
    }
  return design;
}

void
bokeh_design_free (SbokehDesign *design)
{
  if (design)
    {
      sbokeh_design_clear (design);
      g_free (design);
    }
}
