"""Turn a post's Markdown into Rich renderables and terminal lines (no Textual here)."""
