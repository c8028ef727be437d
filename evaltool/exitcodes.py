"""Process exit codes, named in one place (the README documents them)."""

from enum import IntEnum


class ExitStatus(IntEnum):
    """What the process tells a shell or a scheduler."""

    OK = 0  # every file read and no error-severity finding (batch: and nothing missing)
    FINDINGS = 1  # some error-severity finding (batch: or a roster unit did not submit)
    FAILURE = 2  # a file could not be read, bad usage, or the run itself failed
