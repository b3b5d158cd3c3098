"""Matching rules against a document: structure -> candidate sentences -> spaCy matcher -> grades."""
