"""The tables as published: the one build of every table, atomic writes, contracts, data package, versions."""
