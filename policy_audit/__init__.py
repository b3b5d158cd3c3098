"""policy-audit: checks police policy manuals for duty-to-intervene and medical-aid clauses."""

__version__ = "0.1.0"
