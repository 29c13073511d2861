"""What the chapters display: tables, charts, findings, citations."""
