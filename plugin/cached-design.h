/* Separable Bokeh plug-in: a design on the heap, as the dialog's preview
 * keeps it and hands it to the run.  */
#ifndef BOKEH_CACHED_DESIGN_H
#define BOKEH_CACHED_DESIGN_H

#include "sbokeh.h"

/* The design for PARAMS, or NULL with *status set.  */
SbokehDesign * bokeh_design_new  (const SbokehParams *params,
                                  SbokehStatus       *status);

/* Clears and frees DESIGN (NULL: nothing).  */
void           bokeh_design_free (SbokehDesign       *design);

#endif /* BOKEH_CACHED_DESIGN_H */
