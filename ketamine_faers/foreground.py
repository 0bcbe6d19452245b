"""Serving in the foreground of a command until Ctrl-C or SIGTERM, shared by
``ketamine-faers serve`` and the stand-ins' ``python -m`` commands.

A server that leaves SIGTERM to its default action stops only if the process inherited that
default: a parent may hand down SIGTERM or SIGINT ignored (``cmd &`` in a script ignores
SIGINT; some CI runners ignore SIGTERM) or blocked, and then ``terminate()`` does nothing and
the caller waits in vain. So both signals get a handler of their own here, and are unblocked.
The handler only sets a flag, read by the main thread between short waits: nothing is raised
in the middle of starting or stopping, and a second signal while stopping changes nothing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: How long the main thread waits between looks at the flag: the most a stop is delayed.
_POLL_SECONDS = 0.1


def run_until_stopped(
    start: Callable[[], threading.Thread],
    stop: Callable[[], None],
    banner: Callable[[], str],
) -> int:
    """Install the stop handlers, ``start()`` serving (it returns the serving thread), print
    ``banner()`` and wait for SIGINT or SIGTERM; then ``stop()``. Returns 0 when a signal
    stopped it and 1 when the serving thread ended by itself (an error it has reported).

    The banner is printed only once the handlers are in place, so a caller that has read it
    may send SIGTERM at once and get a clean stop, never the default action. Call it from
    the main thread (Python runs signal handlers there only).
    """
    received: list[int] = []

    def request_stop(signum: int, frame: object) -> None:
        received.append(signum)

    previous = {number: signal.signal(number, request_stop) for number in STOP_SIGNALS}
    mask = signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    try:
        serving = start()
        try:
            print(banner(), flush=True)
            while not received and serving.is_alive():
                serving.join(timeout=_POLL_SECONDS)
        finally:
            stop()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 0 if received else 1
