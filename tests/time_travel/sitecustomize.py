"""Loaded by every Python process of `./dev.sh test-at` (on PYTHONPATH), the tests' children too.

It moves the calendar by INVOICEDESK_TEST_OFFSET seconds: time.time, datetime.now, date.today,
localtime and strftime read the faked instant and then run on at real speed. The monotonic clock
and every timed wait stay real. (libfaketime, used before, cannot do both on Debian 12: at 0.9.10
a faked monotonic clock makes every Python wait that runs out sleep until the faked deadline —
CI hung on that — and a real one makes Qt's timed waits and time.sleep fail at once.)
InvoiceDesk reads the calendar only through invoicedesk/core/clock.py (tests/test_clock_calls.py),
so moving these reads moves the whole application.
"""

import os

_offset = os.environ.get("INVOICEDESK_TEST_OFFSET")
if _offset:
    import time

    import time_machine

    time_machine.travel(time.time() + float(_offset), tick=True).start()
