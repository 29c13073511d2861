"""Building the book: executing the chapters, the execution cache, the HTML build."""
