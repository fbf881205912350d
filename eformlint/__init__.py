"""eformlint: a linter for Vietnamese electronic forms (eForms)."""

__version__ = "0.1.0"
