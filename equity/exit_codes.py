"""The command line's exit statuses: part of its contract, so defined once."""

from __future__ import annotations

#: Done; a check found nothing wrong.
EXIT_OK = 0
#: ``check`` found problems (listed on stdout).
EXIT_PROBLEMS = 1
#: Bad input: a message starting with ``error: ``, nothing written.
EXIT_BAD_INPUT = 2
#: The database or the program failed; nothing was written.
EXIT_FAILURE = 3
#: A shell's status for a process ended by a signal is 128 + the signal: SIGPIPE 13, SIGINT 2.
EXIT_CLOSED_PIPE = 141
EXIT_INTERRUPTED = 130
