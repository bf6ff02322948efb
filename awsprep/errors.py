"""The error type for bad user input outside the calculators: shown as one line, never a traceback."""


class UserError(Exception):
    """Something the user can fix; the message says what and where."""
