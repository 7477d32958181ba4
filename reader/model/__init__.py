"""The post model: files, front matter, dates, reading time, library. Imports no UI."""
