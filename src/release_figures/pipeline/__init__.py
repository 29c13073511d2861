"""Above the stages, below the tables and the book: a whole release validated, then its stages run in order."""
