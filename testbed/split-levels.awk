#!/usr/bin/awk -f
# Per-level logs from the outer console, split where each level hands over
# (its "PVNEST RUN level=Ln" line): DIR/l0.log, l1.log, l2.log.
#   awk -v dir=DIR -f split-levels.awk console.log
BEGIN { f = 0 }
/PVNEST RUN level=L1/ { f = 1 }
/PVNEST RUN level=L2/ { f = 2 }
{ print > (dir "/l" f ".log") }
