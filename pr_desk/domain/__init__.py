"""Pure rules and values of PR Desk: no I/O, no Qt, no SQL."""
