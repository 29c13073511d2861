"""The stages that compute the tables: figures, year-on-year changes, consistency checks."""
