"""reader: a terminal reader for folders of Markdown blog posts."""

__version__ = "0.1.0"
