/* `dvcdesk report --attendance ...` and `report --members --year YYYY`:
 * cmd_report.c hands its argv here when either option is given. */
#ifndef DVCDESK_REPORT_PEOPLE_H
#define DVCDESK_REPORT_PEOPLE_H

#include <stdbool.h>

#include "cli/cli.h"

/* Whether argv asks for a per-member report. */
bool report_people_wanted(int argc, char **argv);
int report_people(struct cli *cli, int argc, char **argv);

#endif
