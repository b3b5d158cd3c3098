"""The bad-file zoo: generated broken and disguised documents, and what policy-audit must do with each."""
