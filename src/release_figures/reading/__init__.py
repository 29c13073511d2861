"""Reading a release folder: its record, register, text, numbers, quotes and context figures."""
