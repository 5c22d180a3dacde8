"""Markdown from course files to HTML that is safe to show: raw HTML in the source is
escaped by the parser, and the output is cleaned again by an allow-list."""
import nh3
from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.enable(["table", "strikethrough"])

_TAGS = {"p", "br", "strong", "em", "s", "del", "ul", "ol", "li", "h1", "h2", "h3", "h4",
         "blockquote", "code", "pre", "a", "hr", "table", "thead", "tbody", "tr", "th", "td"}


def render(source: str) -> str:
    if not source.strip():
        return ""
    html = _parser.render(source)
    return nh3.clean(html, tags=_TAGS, attributes={"a": {"href", "title"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
