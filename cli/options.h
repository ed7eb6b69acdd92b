/* sbokeh: the command line's options.
 *
 * One option per entry of the parameter table (core/params.h), named as
 * the plug-in's argument, with the table's description, range and default
 * in its help; the first spellings --non-negativity and --keep-zeros as
 * hidden aliases.  Everything is checked (cli_options_check) before any
 * file is read.
 */
#ifndef SBOKEH_CLI_OPTIONS_H
#define SBOKEH_CLI_OPTIONS_H

#include "io.h"      /* the exit statuses, IO_EXIT_FAILED and _USAGE */
#include "sbokeh.h"

typedef struct
{
  SbokehParams params;
  gchar       *format;                    /* kernel --format */
  gchar       *choices[SBOKEH_N_PARAMS];  /* the choice options' words */
  gchar       *files[SBOKEH_N_PARAMS];    /* the image options' files  */
  SbokehPictureBuffer aperture;           /* --aperture's picture, read
                                             by cli_options_check       */
  gboolean     gegl_ready;                /* gegl_init () was called    */
} CliOptions;

/* What the options set (the defaults until parsed).  */
extern CliOptions cli_options;

/* The option entries, translated (after the text domain is bound).  */
void cli_options_build (void);
void cli_options_free  (void);

/* Parses a subcommand's options (the table's, then extra, translated by
 * the caller); -1 on success, else the exit status, the error printed.  */
int  cli_options_parse (const gchar  *parameter_string,
                        const gchar  *summary,
                        GOptionEntry *extra,
                        int          *argc,
                        char       ***argv);

/* The choice words into the parameters, the custom aperture's picture
 * read (--aperture FILE: with it --shape may be left out, custom is
 * implied; another --shape is refused, and so is --shape custom without
 * it), then every check; -1 when all are good, else the exit status
 * (IO_EXIT_USAGE), one line printed naming the option or the file.  */
int  cli_options_check (void);

/* Prints "sbokeh: MESSAGE" and returns IO_EXIT_USAGE.  */
int  cli_usage_error   (const gchar *format,
                        ...) G_GNUC_PRINTF (1, 2);

#endif /* SBOKEH_CLI_OPTIONS_H */
