/* SPDX-License-Identifier: EUPL-1.2 */
/* The umbrella header of libvigie. */
#ifndef VIGIE_VIGIE_H
#define VIGIE_VIGIE_H

#include "common.h"
#include "date.h"
#include "error.h"
#include "buf.h"
#include "fs.h"
#include "json.h"
#include "i18n.h"
#include "target.h"
#include "source.h"
#include "snapshot.h"
#include "facts.h"
#include "license.h"
#include "conduct.h"
#include "rules.h"
#include "waiver.h"
#include "scorecard.h"
#include "gate.h"
#include "report.h"
#include "audit.h"
#include "batch.h"
#include "fix.h"
#include "version.h"

#endif
