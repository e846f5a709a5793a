"""PR Desk (میز روابط عمومی): the office application of a municipality's Public Relations deputy."""

__version__ = "0.1.0"
APP_ID = "pr-desk"
